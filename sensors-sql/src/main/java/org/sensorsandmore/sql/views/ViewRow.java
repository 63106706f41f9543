package org.sensorsandmore.sql.views;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * One row of a view.
 *
 * <p>The weekday is a {@link DayOfWeek} here, as {@link ViewQuery#weekdays()} takes it; files, JSON
 * and CSV write it as a number, 0 = Monday … 6 = Sunday, as the original did ({@link
 * #weekdayNumber}, {@link #weekdayOf}).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param store the store's name
 * @param sensorId the sensor, or null at store level
 * @param date the calendar day (store-local)
 * @param hour the hour of the day 0–23, or null at daily resolution
 * @param weekday the day of the week of {@code date}
 * @param visits the sum of the readings behind the row; null when none counts (every one failed
 *     under {@link FailurePolicy#EXCLUDE})
 * @param readings how many readings are behind the row (failed ones included)
 * @param failed how many of them failed
 * @param baseline the mean of {@code visits} on the same weekday (and hour, when hourly) over the
 *     current and the previous weeks, by date; null when there is none
 * @param pctDiff {@code 100 * (visits - baseline) / baseline}; null when the baseline is 0 or null
 * @param complete whether every expected reading is behind the row
 */
public record ViewRow(
        String store,
        Integer sensorId,
        LocalDate date,
        Integer hour,
        DayOfWeek weekday,
        Long visits,
        int readings,
        int failed,
        Double baseline,
        Double pctDiff,
        boolean complete) {

    /**
     * @param day a day of the week
     * @return its number in the views' files, JSON and CSV: 0 = Monday … 6 = Sunday
     */
    public static int weekdayNumber(DayOfWeek day) {
        return day.getValue() - 1;
    }

    /**
     * @param number a weekday's number as the view texts compute it, 0 = Monday … 6 = Sunday
     * @return the day of the week
     */
    public static DayOfWeek weekdayOf(int number) {
        return DayOfWeek.of(number + 1);
    }
}
