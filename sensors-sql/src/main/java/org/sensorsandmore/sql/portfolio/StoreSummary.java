package org.sensorsandmore.sql.portfolio;

import java.util.List;

/**
 * One store's line of a {@link Portfolio}: its visits over the portfolio's last complete week and
 * last four weeks, against its same-weekday baseline and against the same weeks a year earlier, its
 * weekly trend, how much of the expected data arrived and how many of its sensors fail too often.
 *
 * @param store the store's name
 * @param sensors the sensors it has reported from
 * @param week the visits of the last complete week (failed readings left out)
 * @param weekVsBaseline the week against its same-weekday baseline, in percent; null without a baseline
 * @param weekVsYearEarlier the week against the same week 52 weeks earlier, in percent; null unless
 *     {@code likeForLike}
 * @param fourWeeks the visits of the last four complete weeks
 * @param fourWeeksVsBaseline the four weeks against their baseline, in percent; null without one
 * @param fourWeeksVsYearEarlier the four weeks against the same four weeks a year earlier, in
 *     percent; null unless {@code likeForLike}
 * @param likeForLike whether the store traded through the whole of the year-earlier weeks (visits in
 *     each of them and in the week before them, and a stored day on each of their days), so that the
 *     comparison is fair
 * @param weeklyTrend the visits of each of the last {@value Portfolio#TREND_WEEKS} complete weeks,
 *     oldest first; 0 for a week without data
 * @param coveragePercent the readings stored over the four weeks, in percent of one per sensor and
 *     hour
 * @param failurePercent the share of those readings that failed, in percent
 * @param flaggedSensors the sensors whose readings failed more than the threshold over the four weeks
 */
public record StoreSummary(
        String store,
        int sensors,
        long week,
        Double weekVsBaseline,
        Double weekVsYearEarlier,
        long fourWeeks,
        Double fourWeeksVsBaseline,
        Double fourWeeksVsYearEarlier,
        boolean likeForLike,
        List<Long> weeklyTrend,
        double coveragePercent,
        double failurePercent,
        int flaggedSensors) {

    /** Copies the trend. */
    public StoreSummary {
        weeklyTrend = List.copyOf(weeklyTrend);
    }
}
