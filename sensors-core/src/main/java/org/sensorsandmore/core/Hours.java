package org.sensorsandmore.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Hours as numbers: the {@code epoch hour} of a store-local hour is the number of hours since
 * 1970-01-01T00:00 on a plain (zone-free) calendar, which is how readings are indexed in bulk.
 *
 * <p>Every method is static and thread-safe.
 */
public final class Hours {
    /** The first hour a reading may have: 0001-01-01T00:00. */
    public static final LocalDateTime MIN = LocalDateTime.of(1, 1, 1, 0, 0);

    /** The end (exclusive) of the hours a reading may have: 10000-01-01T00:00. */
    public static final LocalDateTime MAX = LocalDateTime.of(10000, 1, 1, 0, 0);

    private Hours() {}

    /**
     * @param hour a whole hour
     * @return hours since 1970-01-01T00:00
     */
    public static int toEpochHour(LocalDateTime hour) {
        return Math.toIntExact(hour.toLocalDate().toEpochDay() * 24 + hour.getHour());
    }

    /**
     * @param epochHour hours since 1970-01-01T00:00
     * @return the hour as a date-time
     */
    public static LocalDateTime ofEpochHour(long epochHour) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochHour, 24));
        return date.atTime(Math.floorMod(epochHour, 24), 0);
    }

    /**
     * Checks that a date-time is a whole hour within {@link #MIN} and {@link #MAX}.
     *
     * @param hour the value to check
     * @param what what the value is, for the message (e.g. "from")
     * @return the value
     * @throws IllegalArgumentException naming the value when it has minutes, seconds or nanos, or is
     *     out of range
     * @throws NullPointerException when it is null
     */
    public static LocalDateTime requireWholeHour(LocalDateTime hour, String what) {
        if (hour == null) {
            throw new NullPointerException(what + " must not be null");
        }
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException(what + " must be a whole hour, not " + hour);
        }
        if (hour.isBefore(MIN) || hour.isAfter(MAX)) {
            throw new IllegalArgumentException(what + " must lie between " + MIN + " and " + MAX + ", not " + hour);
        }
        return hour;
    }
}
