package org.sensorsandmore.sql.views;

import java.time.LocalDate;

/**
 * One row of a view.
 *
 * @param store the store's name
 * @param sensorId the sensor, or null at store level
 * @param date the calendar day (store-local)
 * @param hour the hour of the day 0–23, or null at daily resolution
 * @param weekday 0 = Monday … 6 = Sunday, as the original
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
        int weekday,
        Long visits,
        int readings,
        int failed,
        Double baseline,
        Double pctDiff,
        boolean complete) {}
