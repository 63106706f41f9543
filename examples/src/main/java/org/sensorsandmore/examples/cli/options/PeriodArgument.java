package org.sensorsandmore.examples.cli.options;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A period on the command line in whole hours or minutes ({@code 1h}, {@code 30m}), as {@code --every} takes. */
public final class PeriodArgument {
    private static final Pattern PERIOD = Pattern.compile("(\\d{1,4})([hm])");

    private PeriodArgument() {}

    /**
     * @param option the option's name, for the message
     * @param text what was given
     * @return the period
     * @throws IllegalArgumentException when it is not a period
     */
    public static Duration parse(String option, String text) {
        Matcher matcher = PERIOD.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(option + " must look like 1h or 30m, not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return "h".equals(matcher.group(2)) ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
    }
}
