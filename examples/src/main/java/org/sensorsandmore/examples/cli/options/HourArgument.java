package org.sensorsandmore.examples.cli.options;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.HourWindow;
import picocli.CommandLine;

/**
 * Parses an hour of the command line into a whole store-local hour: {@code DATE}, {@code DATE'T'HH},
 * {@code DATE'T'HH:MM} or {@code DATE'T'HH:MM:SS[.fraction]}, minutes, seconds and fraction 0. The
 * one hour parser of the {@code sensors} commands: {@link
 * org.sensorsandmore.examples.cli.SensorsCli} registers it as the converter of every {@code
 * LocalDateTime} option ({@code --from}, {@code --to}, {@code --since}, {@code --now}), and it reads
 * the ends of {@code pipeline --window}.
 */
public final class HourArgument implements CommandLine.ITypeConverter<LocalDateTime> {
    /** Date, hour, minutes, seconds, fraction, offset. */
    private static final Pattern FORM = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{1,2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?)?(Z|[+-]\\d{2}:?\\d{2})?");

    @Override
    public LocalDateTime convert(String value) {
        return parse(value, false);
    }

    /**
     * @param value the text
     * @param dropOffset whether an offset ({@code Z}, {@code +00:00}) may follow, and is dropped: as
     *     Airflow renders its data interval ({@code 2024-08-07T14:00:00+00:00}), the hours being
     *     store-local as the original's were
     * @return the hour
     * @throws CommandLine.TypeConversionException naming the value and what is wrong with it
     */
    public static LocalDateTime parse(String value, boolean dropOffset) {
        Matcher matcher = FORM.matcher(value.strip());
        if (!matcher.matches() || (!dropOffset && matcher.group(6) != null)) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a date or hour: use YYYY-MM-DD or YYYY-MM-DDTHH");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(matcher.group(1));
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a valid date");
        }
        int hour = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        if (hour > 23) {
            throw new CommandLine.TypeConversionException("'" + value + "': the hour must be 0 to 23");
        }
        if (!zero(matcher.group(3)) || !zero(matcher.group(4)) || !zero(matcher.group(5))) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' must be a whole hour (minutes and seconds 0)");
        }
        return date.atTime(hour, 0);
    }

    private static boolean zero(String digits) {
        return digits == null || digits.chars().allMatch(c -> c == '0');
    }

    /**
     * {@code --window FROM/TO}, as Airflow renders it: each end an hour, its offset dropped.
     *
     * @param text what was given
     * @return the window
     * @throws IllegalArgumentException when it is not one
     */
    public static HourWindow parseWindow(String text) {
        String[] ends = text.split("/", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException(
                    "--window must be FROM/TO, e.g. 2024-08-07T14/2024-08-07T15, not '" + text + "'");
        }
        LocalDateTime from = windowEnd(ends[0], text);
        LocalDateTime to = windowEnd(ends[1], text);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--window " + text + ": TO must be after FROM");
        }
        return HourWindow.of(from, to);
    }

    /** An end of {@code --window}, as Airflow renders it: its offset, if any, dropped. */
    private static LocalDateTime windowEnd(String end, String window) {
        try {
            return parse(end, true);
        } catch (CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException("--window " + window + ": " + e.getMessage(), e);
        }
    }
}
