package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.sql.alerts.AlertCondition;
import org.sensorsandmore.sql.alerts.AlertRule;

/**
 * The alert rules that read the stored day rows ({@link org.sensorsandmore.sql.alerts.AlertSettings}
 * has their definitions): each a grouped scan of each store's last days, whatever the length of the
 * history. Days are counted back from each store's own last stored day, so a store that stopped
 * delivering is judged on what it last delivered (the stale rule reports the stop).
 */
public final class AlertSql {
    /** Each store's last stored day. */
    private static final String LAST_DAYS =
            "(SELECT store_id, MAX(epoch_day) AS last_day FROM store_days GROUP BY store_id)";

    /** Sensors whose failed readings over their store's last days pass a share of their readings. */
    private static final String FAILURE_RATES_SQL =
            "SELECT s.store, d.sensor_id, MIN(d.epoch_day), SUM(d.df), SUM(d.dr)"
                    + " FROM sensor_days d JOIN " + LAST_DAYS + " l ON l.store_id = d.store_id"
                    + " JOIN stores s ON s.store_id = d.store_id"
                    + " WHERE d.epoch_day > l.last_day - ? GROUP BY s.store, d.sensor_id"
                    + " HAVING SUM(d.dr) > 0 AND SUM(d.df) * 100.0 > ? * SUM(d.dr) ORDER BY s.store, d.sensor_id";

    /** The hour masks of each sensor's last days, newest first. */
    private static final String MASKS_SQL = "SELECT s.store, d.sensor_id, d.epoch_day, d.present, d.failed_hours"
            + " FROM sensor_days d JOIN " + LAST_DAYS + " l ON l.store_id = d.store_id"
            + " JOIN stores s ON s.store_id = d.store_id"
            + " WHERE d.epoch_day > l.last_day - ? ORDER BY s.store, d.sensor_id, d.epoch_day DESC";

    /**
     * Each store's last complete day (its 23:00 hour stored) with its visits, readings, failed
     * readings and baseline: the stored daily baseline with failed readings left out, the views'
     * default, so the percent is the one the dashboard shows.
     */
    private static final String LAST_COMPLETE_DAYS_SQL = "SELECT s.store, d.epoch_day, d.dv, d.dr, d.df,"
            + " (d.db // " + DayTable.PACK + ") / NULLIF((d.db // " + DayTable.NON_NULL + ") % " + DayTable.NON_NULL
            + ", 0) AS base"
            + " FROM store_days d JOIN (SELECT store_id, MAX(epoch_day) FILTER (WHERE r23 > 0) AS day FROM store_days"
            + " GROUP BY store_id) c ON c.store_id = d.store_id AND c.day = d.epoch_day"
            + " JOIN stores s ON s.store_id = d.store_id ORDER BY s.store";

    /**
     * Each store's last stored hour: the latest hour with a reading of its last stored day, from
     * the store rows' readings per hour. The coverage has it too, but groups every sensor-day for it
     * (65 to 145 ms at 35 M readings, against a few for the 146,000 store-days).
     */
    private static final String LAST_HOURS_SQL = "SELECT s.store, 24 * d.epoch_day + CASE "
            + String.join(
                    " ",
                    DayTable.hourly(h -> "WHEN r" + (DayTable.HOURS - 1 - h) + " > 0 THEN " + (DayTable.HOURS - 1 - h)))
            + " END FROM store_days d JOIN (SELECT store_id, MAX(epoch_day) AS day FROM store_days GROUP BY store_id) l"
            + " ON l.store_id = d.store_id AND l.day = d.epoch_day"
            + " JOIN stores s ON s.store_id = d.store_id ORDER BY s.store";

    private AlertSql() {}

    /**
     * @param connection a connection with the stored views' tables
     * @return each store's last stored hour (its latest reading's, any status), by store name, in
     *     name order; a store without readings is absent
     * @throws SQLException when the database fails
     */
    public static Map<String, LocalDateTime> lastHours(Connection connection) throws SQLException {
        Map<String, LocalDateTime> last = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(LAST_HOURS_SQL)) {
            while (rs.next()) {
                last.put(rs.getString(1), Hours.ofEpochHour(rs.getInt(2)));
            }
        }
        return last;
    }

    /**
     * @param connection a connection with the stored views' tables
     * @param days the days measured, ending with each store's last stored day
     * @param percent the failure rate above which a sensor fires
     * @return a condition per sensor that fires
     * @throws SQLException when the database fails
     */
    public static List<AlertCondition> failureRates(Connection connection, int days, double percent)
            throws SQLException {
        List<AlertCondition> firing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FAILURE_RATES_SQL)) {
            statement.setInt(1, days);
            statement.setDouble(2, percent);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long failed = rs.getLong(4);
                    long readings = rs.getLong(5);
                    firing.add(new AlertCondition(
                            AlertRule.FAILURE_RATE,
                            rs.getString(1),
                            rs.getInt(2),
                            LocalDate.ofEpochDay(rs.getInt(3)).atStartOfDay(),
                            String.format(
                                    Locale.ROOT,
                                    "%d of %d readings failed (%.1f %%) over the last %d days, above %.1f %%",
                                    failed,
                                    readings,
                                    100.0 * failed / readings,
                                    days,
                                    percent)));
                }
            }
        }
        return firing;
    }

    /**
     * @param connection a connection with the stored views' tables
     * @param hours the failed hours in a row that make an outage
     * @return a condition per sensor whose latest stored hours are such an outage
     * @throws SQLException when the database fails
     */
    public static List<AlertCondition> outages(Connection connection, int hours) throws SQLException {
        List<AlertCondition> firing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(MASKS_SQL)) {
            // Enough days to hold the run however the hours fall across midnight.
            statement.setInt(1, hours / DayTable.HOURS + 2);
            try (ResultSet rs = statement.executeQuery()) {
                Outage outage = null;
                while (rs.next()) {
                    String store = rs.getString(1);
                    int sensor = rs.getInt(2);
                    if (outage == null || !outage.store.equals(store) || outage.sensor != sensor) {
                        outage = addIfLong(firing, outage, hours);
                        outage = new Outage(store, sensor);
                    }
                    outage.walkBack(rs.getInt(3), rs.getInt(4), rs.getInt(5));
                }
                addIfLong(firing, outage, hours);
            }
        }
        return firing;
    }

    private static Outage addIfLong(List<AlertCondition> firing, Outage outage, int hours) {
        if (outage != null && outage.failed >= hours) {
            firing.add(new AlertCondition(
                    AlertRule.OUTAGE,
                    outage.store,
                    outage.sensor,
                    LocalDate.ofEpochDay(outage.firstDay).atTime(outage.firstHour, 0),
                    String.format(
                            Locale.ROOT,
                            "every reading failed for %s%d hours in a row, %d or more make an outage",
                            outage.ended ? "" : "at least ",
                            outage.failed,
                            hours)));
        }
        return null;
    }

    /**
     * A sensor's latest run of failed hours, found by walking its hours back from the last one
     * stored: it ends at a reading that did not fail or at a gap.
     */
    private static final class Outage {
        final String store;
        final int sensor;
        int failed;
        int firstDay;
        int firstHour;
        boolean started;
        boolean ended;
        int laterDay;

        Outage(String store, int sensor) {
            this.store = store;
            this.sensor = sensor;
        }

        void walkBack(int day, int present, int failedHours) {
            if (started && day != laterDay - 1) {
                ended = true; // a day without any reading: a gap
            }
            laterDay = day;
            for (int hour = DayTable.HOURS - 1; hour >= 0 && !ended; hour--) {
                boolean stored = (present >> hour & 1) == 1;
                if (!stored) {
                    // Hours after the last stored one are not yet fetched; a gap before it ends the run.
                    ended = started;
                    continue;
                }
                started = true;
                if ((failedHours >> hour & 1) == 0) {
                    ended = true;
                } else {
                    failed++;
                    firstDay = day;
                    firstHour = hour;
                }
            }
        }
    }

    /**
     * @param connection a connection with the stored views' tables
     * @param percent how far below its baseline a complete day fires
     * @param failedPercent a day whose readings failed more than this share is a failure, not a drop
     * @return a condition per store whose last complete day dropped so
     * @throws SQLException when the database fails
     */
    public static List<AlertCondition> drops(Connection connection, double percent, double failedPercent)
            throws SQLException {
        List<AlertCondition> firing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LAST_COMPLETE_DAYS_SQL);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                long visits = rs.getLong(3);
                long readings = rs.getLong(4);
                long failed = rs.getLong(5);
                double base = rs.getDouble(6);
                boolean noBase = rs.wasNull() || base <= 0;
                // A closed day (a holiday, a Sunday) has no visits; a failing sensor's day is the failure rule's.
                if (noBase || visits == 0 || failed * 100.0 > failedPercent * readings) {
                    continue;
                }
                double diff = 100.0 * (visits - base) / base;
                if (diff <= -percent) {
                    LocalDate day = LocalDate.ofEpochDay(rs.getInt(2));
                    firing.add(new AlertCondition(
                            AlertRule.DROP,
                            rs.getString(1),
                            null,
                            day.atStartOfDay(),
                            String.format(
                                    Locale.ROOT,
                                    "%s (%s) had %,d visits, %.1f %% against its same-weekday baseline of %,.0f;"
                                            + " %.0f %% or more below fires",
                                    day,
                                    day.getDayOfWeek().toString().charAt(0)
                                            + day.getDayOfWeek()
                                                    .toString()
                                                    .substring(1)
                                                    .toLowerCase(Locale.ROOT),
                                    visits,
                                    diff,
                                    base,
                                    percent)));
                }
            }
        }
        return firing;
    }
}
