package org.sensorsandmore.examples.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.Hours;
import picocli.CommandLine;

/** Parses {@code DATE}, {@code DATE'T'HH} or {@code DATE'T'HH:00} into a whole store-local hour. */
final class HourArgument implements CommandLine.ITypeConverter<LocalDateTime> {
    private static final Pattern FORM = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{1,2})(?::00(?::00)?)?)?");

    @Override
    public LocalDateTime convert(String value) {
        Matcher matcher = FORM.matcher(value.strip());
        if (!matcher.matches()) {
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
        return Hours.requireWholeHour(date.atTime(hour, 0), "'" + value + "'");
    }
}
