package org.sensorsandmore.sql.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.sql.views.StatusCodes;

/**
 * How the readings are stored (schema version 10): a row per sensor and day, its 24 hours side by
 * side, in table {@value #TABLE}; {@code readings} is a view that lists them one per hour again,
 * for the statements written over readings (the view texts Spark shares, the raw exports).
 *
 * <ul>
 *   <li>{@code store_id, sensor_id, epoch_day}: the key, one row each.
 *   <li>{@code v0 … v23}: each hour's visits, NULL exactly where the hour has no reading or a failed
 *       one (a reading not open counts 0), so that a reader of the masks may skip the NULLs.
 *   <li>{@code present}: bit {@code h} set when hour {@code h} has a reading; {@code failed} and
 *       {@code closed}: when its status is FAILED or NOT_OPEN (neither: OK); {@code anomalous}: when
 *       it is marked an anomaly.
 * </ul>
 *
 * <p>A year of a 400 × 10 fleet is 1.46 M rows instead of 35 M: a rebuild reads its cells out of
 * DuckDB in about half the time, and a load stores about a fifth of the values. What picks readings
 * by hour reads the rows of their days: through the view, a bound on the hour cannot skip any block
 * of rows, a bound on {@code epoch_day} can.
 *
 * <p>Stateless: the statements of the table, its view, and of pivoting readings into its rows and
 * merging rows into it.
 */
public final class ReadingDays {
    /** The table. */
    public static final String TABLE = "reading_days";

    /** Hours in a row. */
    static final int HOURS = 24;

    private ReadingDays() {}

    /** @return the table's columns, in order */
    static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("store_id", "sensor_id", "epoch_day"));
        columns.addAll(hourly(h -> "v" + h));
        columns.addAll(List.of("present", "failed", "closed", "anomalous"));
        return columns;
    }

    /** @return the table's and the view's statements, as schema version 10 creates them */
    static List<String> create() {
        List<String> columns = new ArrayList<>();
        for (String column : columns()) {
            columns.add(column + " INTEGER" + (column.startsWith("v") ? "" : " NOT NULL"));
        }
        return List.of(
                "CREATE TABLE " + TABLE + " (" + String.join(", ", columns) + ")",
                "CREATE VIEW readings AS SELECT store_id, sensor_id, epoch_hour, status, visits, anomaly FROM ("
                        + readings() + ") r");
    }

    /**
     * Every row's readings, one per hour with a reading: the columns of {@code readings} and {@code
     * epoch_day}, {@code hour_of_day}; the view's query.
     */
    private static String readings() {
        String visits = String.join(", ", hourly(h -> "v" + h));
        return "SELECT store_id, sensor_id, epoch_day, CAST(h AS INTEGER) AS hour_of_day,"
                + " CAST(epoch_day * 24 + h AS INTEGER) AS epoch_hour,"
                + " CAST(CASE WHEN (failed >> h) & 1 = 1 THEN " + ReadingStatus.FAILED.code()
                + " WHEN (closed >> h) & 1 = 1 THEN " + ReadingStatus.NOT_OPEN.code()
                + " ELSE " + ReadingStatus.OK.code() + " END AS TINYINT) AS status,"
                + " visits, (anomalous >> h) & 1 = 1 AS anomaly"
                + " FROM (SELECT store_id, sensor_id, epoch_day, present, failed, closed, anomalous,"
                + " UNNEST(range(24)) AS h, UNNEST([" + visits + "]) AS visits FROM " + TABLE
                + ") d WHERE (present >> h) & 1 = 1";
    }

    /**
     * The rows of readings, as the table holds them.
     *
     * @param readings a query yielding {@code store_id, sensor_id, epoch_hour, status, visits,
     *     anomaly}, one row per key
     * @return a query yielding {@link #columns()}
     */
    static String pivot(String readings) {
        List<String> select = new ArrayList<>(List.of("store_id", "sensor_id", "epoch_day"));
        // A reading that did not fail has a count (0 when not open), so that a row's visits are
        // NULL exactly where its masks say there is no reading or a failed one.
        select.addAll(hourly(h -> "MAX(CASE WHEN " + StatusCodes.isNot("status", ReadingStatus.FAILED)
                + " THEN COALESCE(visits, 0) END) FILTER (WHERE h = " + h + ") AS v" + h));
        select.add("CAST(BIT_OR(1 << h) AS INTEGER) AS present");
        select.add(mask(StatusCodes.is("status", ReadingStatus.FAILED)) + " AS failed");
        select.add(mask(StatusCodes.is("status", ReadingStatus.NOT_OPEN)) + " AS closed");
        select.add(mask("anomaly") + " AS anomalous");
        return "SELECT " + String.join(", ", select)
                + " FROM (SELECT *, CAST(epoch_hour - 24 * epoch_day AS INTEGER) AS h"
                + " FROM (SELECT *, CAST(floor(epoch_hour / 24) AS INTEGER) AS epoch_day FROM (" + readings
                + ") given) dated) hours GROUP BY store_id, sensor_id, epoch_day";
    }

    /** @return the mask of the hours whose reading meets a condition */
    private static String mask(String condition) {
        return "CAST(COALESCE(BIT_OR(CASE WHEN " + condition + " THEN 1 << h END), 0) AS INTEGER)";
    }

    /**
     * The rows that merging arriving rows into the table would write, with the hours each changes:
     * every hour an arriving row has replaces the stored one, the others stay; an hour changes when
     * it had no reading, or one of another status, count or anomaly.
     *
     * @param arriving a table of arriving rows, one per key, in the table's columns
     * @param firstDay the first day of the arriving rows
     * @param lastDay their last day: the stored rows are read within these days
     * @return a query yielding the merged rows in the table's columns, then {@code changed} (the mask
     *     of the hours changed), for every arriving row that changes an hour
     */
    static String merged(String arriving, int firstDay, int lastDay) {
        List<String> select = new ArrayList<>(List.of("a.store_id", "a.sensor_id", "a.epoch_day"));
        select.addAll(hourly(
                h -> "CASE WHEN (a.present >> " + h + ") & 1 = 1 THEN a.v" + h + " ELSE s.v" + h + " END AS v" + h));
        select.add("a.present | COALESCE(s.present, 0) AS present");
        for (String mask : List.of("failed", "closed", "anomalous")) {
            select.add("a." + mask + " | (COALESCE(s." + mask + ", 0) & ~a.present) AS " + mask);
        }
        List<String> differs = new ArrayList<>(List.of("~COALESCE(s.present, 0)"));
        for (String mask : List.of("failed", "closed", "anomalous")) {
            differs.add("xor(a." + mask + ", COALESCE(s." + mask + ", 0))");
        }
        differs.add("("
                + String.join(
                        " + ",
                        hourly(h -> "CASE WHEN a.v" + h + " IS DISTINCT FROM s.v" + h + " THEN " + (1 << h)
                                + " ELSE 0 END"))
                + ")");
        select.add("CAST(a.present & (" + String.join(" | ", differs) + ") AS INTEGER) AS changed");
        return "SELECT * FROM (SELECT " + String.join(", ", select) + " FROM " + arriving + " a LEFT JOIN " + TABLE
                + " s ON s.epoch_day BETWEEN " + firstDay + " AND " + lastDay
                + " AND s.store_id = a.store_id AND s.sensor_id = a.sensor_id AND s.epoch_day = a.epoch_day) m"
                + " WHERE changed <> 0";
    }

    private static List<String> hourly(IntFunction<String> column) {
        List<String> columns = new ArrayList<>(HOURS);
        for (int h = 0; h < HOURS; h++) {
            columns.add(column.apply(h));
        }
        return columns;
    }
}
