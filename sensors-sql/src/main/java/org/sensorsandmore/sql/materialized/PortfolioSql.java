package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.portfolio.Portfolio;
import org.sensorsandmore.sql.portfolio.StoreSummary;

/**
 * Reads a {@link Portfolio} from the stored day rows: two grouped scans of the weeks shown (the
 * store days by week, the sensor days' failures over four weeks), whatever the length of the
 * history.
 */
public final class PortfolioSql {
    private static final int WEEKS = 4;

    /**
     * Visits, baseline and readings of each store for each week shown: week 0 is the last complete
     * week and 1 to 11 the ones before it; -1 to -5 are weeks 0 to 4 moved 364 days back. The
     * baseline of a day is its stored daily baseline with failed readings left out (the packed
     * parts' sum over their non-null count), summed with the visits only over days that have both.
     */
    private static final String WEEKS_SQL = "SELECT store_id, week, SUM(dv) AS visits,"
            + " SUM(CASE WHEN base IS NOT NULL THEN dv END) AS based_visits,"
            + " SUM(CASE WHEN dv IS NOT NULL THEN base END) AS base,"
            + " SUM(dr) AS readings, COUNT(*) AS days, SUM(df) AS failed"
            + " FROM (SELECT store_id, dv, dr, df,"
            + " (db // " + DayTable.PACK + ") / NULLIF((db // " + DayTable.NON_NULL + ") % " + DayTable.NON_NULL
            + ", 0) AS base,"
            + " CASE WHEN epoch_day > ? THEN (? - epoch_day) // 7 ELSE -1 - (? - epoch_day) // 7 END AS week"
            + " FROM store_days WHERE epoch_day > ? AND epoch_day <= ? OR epoch_day > ? AND epoch_day <= ?)"
            + " GROUP BY store_id, week";

    /** Per store, the sensors whose readings failed more than a share over the four weeks. */
    private static final String FLAGGED_SQL = "SELECT store_id, COUNT(*) FILTER (WHERE failed * 100.0 > ? * readings)"
            + " FROM (SELECT store_id, sensor_id, SUM(df) AS failed, SUM(dr) AS readings FROM sensor_days"
            + " WHERE epoch_day > ? AND epoch_day <= ? GROUP BY store_id, sensor_id) GROUP BY store_id";

    /** Per store: its name and its sensors. */
    private static final String STORES_SQL = "SELECT s.store_id, s.store,"
            + " (SELECT COUNT(*) FROM store_sensors x WHERE x.store_id = s.store_id) FROM stores s";

    private PortfolioSql() {}

    /** One store's sums over the weeks shown, before they become a summary. */
    private static final class Sums {
        final long[] visits = new long[Portfolio.TREND_WEEKS];
        final long[] basedVisits = new long[WEEKS];
        final double[] base = new double[WEEKS];
        /** Weeks 0 to 3 a year earlier, and the week before them. */
        final long[] yearEarlier = new long[WEEKS + 1];

        final int[] yearEarlierDays = new int[WEEKS + 1];
        long readings;
        long failed;
        int flagged;
    }

    /**
     * @param connection a connection with the stored views' tables; their rows of {@link
     *     #months(LocalDate)} are enough
     * @param lastDay the last day of the weeks, from {@link #lastSunday}; null for none
     * @param thresholdPercent the failure share above which a sensor is flagged
     * @return the portfolio
     * @throws SQLException when the database fails
     */
    public static Portfolio read(Connection connection, LocalDate lastDay, double thresholdPercent)
            throws SQLException {
        if (lastDay == null) {
            return Portfolio.empty();
        }
        int end = (int) lastDay.toEpochDay();
        int yearEnd = end - Portfolio.YEAR_DAYS;
        Map<Integer, Sums> sums = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(WEEKS_SQL)) {
            int[] values = {
                end - 7 * Portfolio.TREND_WEEKS,
                end,
                yearEnd,
                end - 7 * Portfolio.TREND_WEEKS,
                end,
                yearEnd - 7 * (WEEKS + 1),
                yearEnd
            };
            for (int i = 0; i < values.length; i++) {
                statement.setInt(i + 1, values[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Sums store = sums.computeIfAbsent(rs.getInt(1), id -> new Sums());
                    int week = rs.getInt(2);
                    long visits = rs.getLong(3);
                    if (week >= 0) {
                        store.visits[week] = visits;
                        if (week < WEEKS) {
                            store.basedVisits[week] = rs.getLong(4);
                            store.base[week] = rs.getDouble(5);
                            store.readings += rs.getLong(6);
                            store.failed += rs.getLong(8);
                        }
                    } else {
                        store.yearEarlier[-1 - week] = visits;
                        store.yearEarlierDays[-1 - week] = rs.getInt(7);
                    }
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(FLAGGED_SQL)) {
            statement.setDouble(1, thresholdPercent);
            statement.setInt(2, end - 7 * WEEKS);
            statement.setInt(3, end);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sums.computeIfAbsent(rs.getInt(1), id -> new Sums()).flagged = rs.getInt(2);
                }
            }
        }
        Map<String, StoreSummary> stores = new TreeMap<>();
        Totalled totals = new Totalled();
        try (PreparedStatement statement = connection.prepareStatement(STORES_SQL);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                Sums store = sums.getOrDefault(rs.getInt(1), new Sums());
                int sensors = rs.getInt(3);
                // Like for like: trading (visits) in each year-earlier week and the week before them, so
                // it had opened and not closed for a week, with a stored day on each day of the weeks.
                boolean likeForLike = Arrays.stream(store.yearEarlier).allMatch(visits -> visits > 0)
                        && Arrays.stream(store.yearEarlierDays, 0, WEEKS).sum() == 7 * WEEKS;
                StoreSummary summary = summary(rs.getString(2), sensors, store, likeForLike);
                stores.put(summary.store(), summary);
                totals.add(store, sensors, likeForLike);
            }
        }
        return new Portfolio(lastDay, new ArrayList<>(stores.values()), totals.totals());
    }

    /**
     * @param coverage what is stored for each store
     * @return the last Sunday on or before the last day that some store has whole (its 23:00 hour
     *     stored); null when none has a whole day
     */
    public static LocalDate lastSunday(List<StoreCoverage> coverage) {
        LocalDate lastWhole = null;
        for (StoreCoverage store : coverage) {
            LocalDate day = store.lastHour().getHour() == 23
                    ? store.lastHour().toLocalDate()
                    : store.lastHour().toLocalDate().minusDays(1);
            if (lastWhole == null || day.isAfter(lastWhole)) {
                lastWhole = day;
            }
        }
        if (lastWhole == null) {
            return null;
        }
        return lastWhole.minusDays((lastWhole.getDayOfWeek().getValue() - DayOfWeek.SUNDAY.getValue() + 7) % 7);
    }

    /**
     * @param lastDay the last day of the weeks
     * @return the months of the days a portfolio reads: the trend's weeks and the year-earlier ones
     */
    public static Set<YearMonth> months(LocalDate lastDay) {
        Set<YearMonth> months = new TreeSet<>();
        addMonths(months, lastDay.minusDays(7L * Portfolio.TREND_WEEKS - 1), lastDay);
        LocalDate yearEnd = lastDay.minusDays(Portfolio.YEAR_DAYS);
        addMonths(months, yearEnd.minusDays(7L * (WEEKS + 1) - 1), yearEnd);
        return months;
    }

    private static void addMonths(Set<YearMonth> months, LocalDate from, LocalDate to) {
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            months.add(month);
        }
    }

    private static StoreSummary summary(String name, int sensors, Sums sums, boolean likeForLike) {
        long week = sums.visits[0];
        long fourWeeks = sum(sums.visits, WEEKS);
        return new StoreSummary(
                name,
                sensors,
                week,
                percent(sums.basedVisits[0], sums.base[0]),
                likeForLike ? percent(week, sums.yearEarlier[0]) : null,
                fourWeeks,
                percent(sum(sums.basedVisits, WEEKS), Arrays.stream(sums.base).sum()),
                likeForLike ? percent(fourWeeks, sum(sums.yearEarlier, WEEKS)) : null,
                likeForLike,
                trend(sums.visits),
                coverage(sums.readings, sensors),
                sums.readings == 0 ? 0 : 100.0 * sums.failed / sums.readings,
                sums.flagged);
    }

    /** The portfolio's sums, store by store. */
    private static final class Totalled {
        final long[] visits = new long[Portfolio.TREND_WEEKS];
        long basedWeek;
        double baseWeek;
        long basedFourWeeks;
        double baseFourWeeks;
        long likeWeek;
        long likeWeekEarlier;
        long likeFourWeeks;
        long likeFourWeeksEarlier;
        int likeStores;
        long readings;
        long sensors;
        int flagged;

        void add(Sums store, int storeSensors, boolean likeForLike) {
            for (int week = 0; week < visits.length; week++) {
                visits[week] += store.visits[week];
            }
            basedWeek += store.basedVisits[0];
            baseWeek += store.base[0];
            basedFourWeeks += sum(store.basedVisits, WEEKS);
            baseFourWeeks += Arrays.stream(store.base).sum();
            if (likeForLike) {
                likeStores++;
                likeWeek += store.visits[0];
                likeWeekEarlier += store.yearEarlier[0];
                likeFourWeeks += sum(store.visits, WEEKS);
                likeFourWeeksEarlier += sum(store.yearEarlier, WEEKS);
            }
            readings += store.readings;
            sensors += storeSensors;
            flagged += store.flagged;
        }

        Portfolio.Totals totals() {
            return new Portfolio.Totals(
                    visits[0],
                    percent(basedWeek, baseWeek),
                    likeStores == 0 ? null : percent(likeWeek, likeWeekEarlier),
                    sum(visits, WEEKS),
                    percent(basedFourWeeks, baseFourWeeks),
                    likeStores == 0 ? null : percent(likeFourWeeks, likeFourWeeksEarlier),
                    likeStores,
                    trend(visits),
                    coverage(readings, sensors),
                    flagged);
        }
    }

    private static long sum(long[] values, int first) {
        long sum = 0;
        for (int i = 0; i < first; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** @return {@code 100 * (value - reference) / reference}, or null without a reference */
    private static Double percent(double value, double reference) {
        return reference > 0 ? 100.0 * (value - reference) / reference : null;
    }

    /** @return the weeks oldest first; the sums hold the last week first */
    private static List<Long> trend(long[] weeks) {
        List<Long> trend = new ArrayList<>(weeks.length);
        for (int week = weeks.length - 1; week >= 0; week--) {
            trend.add(weeks[week]);
        }
        return trend;
    }

    private static double coverage(long readings, long sensors) {
        long expected = sensors * 24L * 7 * WEEKS;
        return expected == 0 ? 0 : 100.0 * readings / expected;
    }
}
