package org.sensorsandmore.sql.portfolio;

import java.time.LocalDate;
import java.util.List;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.PortfolioSql;
import org.sensorsandmore.sql.publish.PublishedViews;

/**
 * Every store at a glance, over the portfolio's last complete week (Monday to Sunday, ending on or
 * before the last day that some store has whole) and the four weeks ending with it: visits, against
 * the same-weekday baseline, against the same weeks 52 weeks (364 days) earlier for the stores that
 * traded through both (like for like: visits in each of those weeks and the week before them, and
 * a stored day on each of their days), a weekly trend, data coverage and sensor health.
 *
 * <pre>{@code
 * Portfolio portfolio = Portfolio.of(warehouse, 5.0);
 * for (StoreSummary store : portfolio.stores()) {
 *     System.out.println(store.store() + " " + store.week() + " " + store.weekVsBaseline());
 * }
 * }</pre>
 *
 * <p>Read from the stored views, not the readings: its cost follows the stores and weeks shown, not
 * the history. Failed readings are left out of the sums, as in the views' default policy.
 *
 * @param lastDay the last day of the weeks, a Sunday; null when no store has a whole day yet
 * @param stores one line per store, by name
 * @param totals the portfolio's totals
 */
public record Portfolio(LocalDate lastDay, List<StoreSummary> stores, Totals totals) {

    /** The weeks of a store's trend line. */
    public static final int TREND_WEEKS = 12;

    /** The days between a period and the same period "a year earlier": 52 weeks, same weekdays. */
    public static final int YEAR_DAYS = 364;

    /** Copies the stores. */
    public Portfolio {
        stores = List.copyOf(stores);
    }

    /**
     * The portfolio's sums: visits of every store; the comparisons with the baseline over every
     * store that has one, and with a year earlier over the like-for-like stores only.
     *
     * @param week the visits of the last complete week
     * @param weekVsBaseline in percent, or null
     * @param weekVsYearEarlier in percent, over the like-for-like stores; null when there are none
     * @param fourWeeks the visits of the four weeks
     * @param fourWeeksVsBaseline in percent, or null
     * @param fourWeeksVsYearEarlier in percent, over the like-for-like stores; null when there are none
     * @param likeForLikeStores the stores that traded through the year-earlier weeks
     * @param weeklyTrend the visits of each of the last {@value #TREND_WEEKS} weeks, oldest first
     * @param coveragePercent the readings stored over the four weeks, in percent of those expected
     * @param flaggedSensors the sensors failing more than the threshold
     */
    public record Totals(
            long week,
            Double weekVsBaseline,
            Double weekVsYearEarlier,
            long fourWeeks,
            Double fourWeeksVsBaseline,
            Double fourWeeksVsYearEarlier,
            int likeForLikeStores,
            List<Long> weeklyTrend,
            double coveragePercent,
            int flaggedSensors) {

        /** Copies the trend. */
        public Totals {
            weeklyTrend = List.copyOf(weeklyTrend);
        }
    }

    /** @return the portfolio of a warehouse without a whole day: no weeks, no stores, zero totals */
    public static Portfolio empty() {
        return new Portfolio(null, List.of(), new Totals(0, null, null, 0, null, null, 0, List.of(), 0, 0));
    }

    /** @return the first day of the last complete week, a Monday; null with {@link #lastDay()} */
    public LocalDate weekFrom() {
        return lastDay == null ? null : lastDay.minusDays(6);
    }

    /** @return the first day of the four weeks, a Monday; null with {@link #lastDay()} */
    public LocalDate fourWeeksFrom() {
        return lastDay == null ? null : lastDay.minusDays(27);
    }

    /**
     * @param warehouse the warehouse
     * @param thresholdPercent a sensor failing more than this share of its readings over the four
     *     weeks is flagged
     * @return the portfolio as the warehouse holds it now
     * @throws WarehouseException when the database fails
     */
    public static Portfolio of(Warehouse warehouse, double thresholdPercent) {
        LocalDate lastDay = PortfolioSql.lastSunday(warehouse.coverage());
        return warehouse.read(connection -> PortfolioSql.read(connection, lastDay, thresholdPercent));
    }

    /**
     * @param views the published views of a warehouse another process writes
     * @param thresholdPercent as for {@link #of(Warehouse, double)}
     * @return the portfolio as last published
     * @throws WarehouseException when the views cannot be read
     */
    public static Portfolio of(PublishedViews views, double thresholdPercent) {
        LocalDate lastDay = PortfolioSql.lastSunday(views.coverage());
        if (lastDay == null) {
            return empty();
        }
        // Only the months of the weeks shown: a reader opens those files, not the whole history's.
        return views.read(
                PortfolioSql.months(lastDay), connection -> PortfolioSql.read(connection, lastDay, thresholdPercent));
    }
}
