package org.sensorsandmore.sql.materialized;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * One of the two tables the views are kept in: a row per sensor and day ({@code sensor_days}) or
 * per store and day ({@code store_days}), holding the day's 24 hourly cells, its daily cell, and
 * the parts of their four-week baselines. The SQL that fills and reads them is generated here, one
 * home for the column layout.
 *
 * <p>Per hour {@code h} of a day:
 *
 * <ul>
 *   <li>{@code v<h>}: the visits of the hour's readings that did not fail; NULL when there are none
 *       (no reading, or every one failed).
 *   <li>readings and failed readings of the hour: for a sensor, bit {@code h} of {@code present}
 *       and {@code failed_hours}; for a store, the counts {@code r<h>} and {@code f<h>} over its
 *       sensors.
 *   <li>{@code b<h>}: the baseline's parts over the hour's same-weekday cells of the day and of the
 *       three days 7, 14 and 21 days before (those that have a reading), packed into one number as
 *       {@code sum * 64 + nonNull * 8 + cells}: {@code sum} adds their {@code v}, {@code nonNull}
 *       counts those whose {@code v} is not NULL, {@code cells} counts them all. The mean that
 *       leaves failed readings out is {@code sum / nonNull}; the original's, where a failed reading
 *       counts 0, is {@code sum / cells}. Packing keeps one window aggregate per hour instead of
 *       three (about three times faster to rebuild); both counts are at most 4, below 8.
 * </ul>
 *
 * The day as a whole has the same in {@code dv} (visits), {@code dr} (readings), {@code df}
 * (failed) and {@code db} (packed baseline parts over days).
 */
enum DayTable {
    SENSOR_DAYS("sensor_days", List.of("store_id", "sensor_id")),
    STORE_DAYS("store_days", List.of("store_id"));

    /** Hours in a day: the cells of one row. */
    static final int HOURS = 24;

    /** The weeks of the stored baselines: the client's default; other counts are computed from the cells. */
    static final int WEEKS = ViewQuery.DEFAULT_BASELINE_WEEKS;

    /** The multiplier that packs a sum above two counts of at most {@link #WEEKS} each. */
    static final int PACK = 64;

    /** Where a cell's number of cells with visits starts in a packed baseline: above the cells' count. */
    static final int NON_NULL = 8;

    static {
        if (WEEKS >= NON_NULL) {
            throw new IllegalStateException("Baseline parts pack counts below " + NON_NULL + ", not " + WEEKS);
        }
    }

    /** The weekday of an {@code epoch_day} expression, 0 for Monday, as the view texts compute it. */
    static String weekday(String epochDay) {
        return "((" + epochDay + " % 7) + 10) % 7";
    }

    private final String table;
    private final List<String> series;

    DayTable(String table, List<String> series) {
        this.table = table;
        this.series = series;
    }

    /** @return the table's name */
    String table() {
        return table;
    }

    /** @return the columns that name one series of days: (store_id, sensor_id) or (store_id) */
    List<String> series() {
        return series;
    }

    /** @return the key columns: the series and {@code epoch_day} */
    List<String> keys() {
        List<String> keys = new ArrayList<>(series);
        keys.add("epoch_day");
        return keys;
    }

    /** @return the table's statement */
    String create() {
        List<String> columns = new ArrayList<>();
        for (String key : keys()) {
            columns.add(key + " INTEGER NOT NULL");
        }
        for (String cell : cells()) {
            columns.add(cell + " " + (isBigint(cell) ? "BIGINT" : "INTEGER NOT NULL"));
        }
        for (int h = 0; h < HOURS; h++) {
            columns.add("b" + h + " BIGINT");
        }
        columns.add("db BIGINT");
        return "CREATE TABLE " + table + " (" + String.join(", ", columns) + ")";
    }

    /**
     * @param column one of {@link #columns()}
     * @return whether it is a BIGINT (visits, baselines; NULL allowed) rather than an INTEGER NOT
     *     NULL (keys, readings counts)
     */
    static boolean isBigint(String column) {
        return column.startsWith("v") || column.startsWith("b") || column.equals("dv") || column.equals("db");
    }

    /** @return the cell columns, in table order, after the keys */
    List<String> cells() {
        List<String> cells = new ArrayList<>(hourly(h -> "v" + h));
        if (this == SENSOR_DAYS) {
            cells.add("present");
            cells.add("failed_hours");
        } else {
            cells.addAll(hourly(h -> "r" + h));
            cells.addAll(hourly(h -> "f" + h));
        }
        cells.addAll(List.of("dv", "dr", "df"));
        return cells;
    }

    /** @return every column, in table order */
    List<String> columns() {
        List<String> columns = new ArrayList<>(keys());
        columns.addAll(cells());
        columns.addAll(hourly(h -> "b" + h));
        columns.add("db");
        return columns;
    }

    /**
     * @return the prefixes of the table's hourly columns ({@code v0 … v23} is {@code v}): the
     *     visits and baselines, and a store's readings and failed readings
     */
    List<String> hourlyGroups() {
        return this == SENSOR_DAYS ? List.of("v", "b") : List.of("v", "r", "f", "b");
    }

    /**
     * The columns of the table's published files: each of its {@link #hourlyGroups} as one list of
     * 24 (the hour's value at {@code [h + 1]}), the other columns as they are. A reader then
     * carries a day row's hours as 2 lists (a store's, 4) instead of 48 columns (96): DuckDB's
     * cost of a query grows with its columns, and a store's year of sensor days took 12 ms to read
     * so, 21 ms as columns (docs/benchmarks-history.md, round 7).
     *
     * @return a select list over rows of the table, yielding the files' columns
     */
    String packing() {
        List<String> select = new ArrayList<>();
        for (String column : columns()) {
            String group = groupOf(column);
            if (group == null) {
                select.add(column);
            } else if (column.equals(group + "0")) {
                select.add("[" + String.join(", ", hourly(h -> group + h)) + "] AS " + group);
            }
        }
        return String.join(", ", select);
    }

    /**
     * @return a select list over rows of the published files ({@link #packing}), yielding the
     *     table's columns
     */
    String unpacking() {
        List<String> select = new ArrayList<>();
        for (String column : columns()) {
            String group = groupOf(column);
            select.add(
                    group == null
                            ? column
                            : group + "[" + (Integer.parseInt(column.substring(group.length())) + 1) + "] AS "
                                    + column);
        }
        return String.join(", ", select);
    }

    /** @return the hourly group a column is an hour of, or null */
    private String groupOf(String column) {
        for (String group : hourlyGroups()) {
            if (column.length() > group.length()
                    && column.startsWith(group)
                    && column.substring(group.length()).chars().allMatch(Character::isDigit)) {
                return group;
            }
        }
        return null;
    }

    /**
     * @param table a day table's name
     * @return that table
     * @throws IllegalArgumentException when it is not a day table's
     */
    static DayTable named(String table) {
        for (DayTable day : values()) {
            if (day.table.equals(table)) {
                return day;
            }
        }
        throw new IllegalArgumentException("Not a day table: " + table);
    }

    /** @return the readings of hour {@code h}, as an expression over a row */
    String readings(int h) {
        return readings("", h);
    }

    /** @return the readings of hour {@code h}, as an expression over a row with columns {@code prefix…} */
    private String readings(String prefix, int h) {
        return this == SENSOR_DAYS ? "((" + prefix + "present >> " + h + ") & 1)" : prefix + "r" + h;
    }

    /** @return the failed readings of hour {@code h}, as an expression over a row */
    String failed(int h) {
        return this == SENSOR_DAYS ? "((failed_hours >> " + h + ") & 1)" : "f" + h;
    }

    /**
     * The cells of the days that a set of rows falls in, one row per key.
     *
     * @param source for sensor days, rows of {@code reading_days}, one per key; for store days,
     *     sensor-day rows
     * @return a query yielding the keys and {@link #cells()}
     */
    String cellsFrom(String source) {
        List<String> select = new ArrayList<>(keys());
        if (this == SENSOR_DAYS) {
            // A sensor-day row holds its cells: its visits are NULL exactly where an hour has no
            // reading or a failed one (ReadingDays), as a cell's are.
            select.addAll(hourly(h -> "CAST(v" + h + " AS BIGINT) AS v" + h));
            select.add("present");
            select.add("failed AS failed_hours");
            select.add("CASE WHEN present & ~failed <> 0 THEN CAST("
                    + String.join(" + ", hourly(h -> "COALESCE(v" + h + ", 0)")) + " AS BIGINT) END AS dv");
            select.add("CAST(bit_count(present) AS INTEGER) AS dr");
            select.add("CAST(bit_count(failed) AS INTEGER) AS df");
            return "SELECT " + String.join(", ", select) + " FROM (" + source + ") source";
        }
        select.addAll(hourly(h -> "CAST(SUM(v" + h + ") AS BIGINT) AS v" + h));
        select.addAll(hourly(h -> "CAST(SUM(" + SENSOR_DAYS.readings(h) + ") AS INTEGER) AS r" + h));
        select.addAll(hourly(h -> "CAST(SUM(" + SENSOR_DAYS.failed(h) + ") AS INTEGER) AS f" + h));
        select.add("CAST(SUM(dv) AS BIGINT) AS dv");
        select.add("CAST(SUM(dr) AS INTEGER) AS dr");
        select.add("CAST(SUM(df) AS INTEGER) AS df");
        return "SELECT " + String.join(", ", select) + " FROM (" + source + ") source GROUP BY "
                + String.join(", ", keys());
    }

    /**
     * Rows of the table, baselines included, from rows of cells: one window over each series'
     * days of the same weekday, {@link #WEEKS} weeks back by date.
     *
     * @param cells a query yielding the keys and {@link #cells()}
     * @return a query yielding {@link #columns()}
     */
    String withBaselines(String cells) {
        List<String> select = new ArrayList<>(keys());
        select.addAll(cells());
        for (int h = 0; h < HOURS; h++) {
            select.add("CAST(SUM(" + packed("v" + h, readings(h) + " > 0") + ") OVER w AS BIGINT) AS b" + h);
        }
        select.add("CAST(SUM(" + packed("dv", "TRUE") + ") OVER w AS BIGINT) AS db");
        return "SELECT " + String.join(", ", select) + " FROM (" + cells + ") cells"
                + " WINDOW w AS (PARTITION BY " + String.join(", ", series) + ", " + weekday("epoch_day")
                + " ORDER BY epoch_day RANGE BETWEEN " + (7 * (WEEKS - 1)) + " PRECEDING AND CURRENT ROW)";
    }

    /**
     * Rows of the table for some keys, baselines included, from a table of cells: each baseline
     * adds the cells of its key's day and of the same weekday {@code 7, 14, …} days before, found
     * by equality joins. It equals {@link #withBaselines}'s window for those keys, and costs what
     * the keys cost: a window's frames cost per series, so a few thousand series of four days
     * took a quarter of a second there.
     *
     * @param cells a table with the keys and {@link #cells()} of every day the baselines read
     * @param targets a table of the keys to compute; those without cells yield no row
     * @return a query yielding {@link #columns()}
     */
    String withBaselinesOf(String cells, String targets) {
        List<String> sums = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            sums.add("CAST(SUM(" + packed("x.v" + h, readings("x.", h) + " > 0") + ") AS BIGINT) AS b" + h);
        }
        sums.add("CAST(SUM(" + packed("x.dv", "TRUE") + ") AS BIGINT) AS db");
        String earlier = equal(series, "x", "t") + " AND x.epoch_day = t.epoch_day - o.k";
        String keyList = String.join(", ", keys());
        String baselines = "SELECT " + String.join(", ", prefixed("t", keys())) + ", " + String.join(", ", sums)
                + " FROM " + targets + " t, (SELECT CAST(range AS INTEGER) AS k FROM range(0, " + (7 * WEEKS)
                + ", 7)) o, " + cells + " x WHERE " + earlier + " GROUP BY "
                + String.join(", ", prefixed("t", keys()));
        List<String> select = new ArrayList<>(prefixed("c", keys()));
        select.addAll(prefixed("c", cells()));
        select.addAll(hourly(h -> "b.b" + h));
        select.add("b.db");
        return "SELECT " + String.join(", ", select) + " FROM " + cells + " c JOIN (" + baselines + ") b USING ("
                + keyList + ")";
    }

    private static List<String> prefixed(String alias, List<String> columns) {
        return columns.stream().map(column -> alias + "." + column).toList();
    }

    /**
     * @return the condition that two rows, by their aliases, agree on some columns: {@code
     *     left.a = right.a AND left.b = right.b}
     */
    static String equal(List<String> columns, String left, String right) {
        return columns.stream()
                .map(column -> left + "." + column + " = " + right + "." + column)
                .collect(Collectors.joining(" AND "));
    }

    /**
     * One cell's share of a packed baseline: {@code v * 64 + (v not null) * 8 + (cell exists)}, as
     * few operators as it takes (DuckDB's planning of the 25 of a row costs per operator).
     */
    private static String packed(String visits, String exists) {
        return "COALESCE(" + visits + " * " + PACK + " + " + NON_NULL + ", 0) + CAST(" + exists + " AS INTEGER)";
    }

    /**
     * A packed baseline, computed in Java ({@code RebuildKernel}) as the SQL above sums it.
     *
     * @param sum the visits of the cells with visits
     * @param nonNull the cells with visits
     * @param cells the cells that have a reading
     * @return {@code sum * 64 + nonNull * 8 + cells}
     */
    static long packed(long sum, int nonNull, int cells) {
        return sum * PACK + (long) nonNull * NON_NULL + cells;
    }

    /** The sum of a packed baseline, as an SQL expression. */
    static String baselineSum(String packed) {
        return "((" + packed + " - " + remainder(packed) + ") // " + PACK + ")";
    }

    /** The number of cells with visits (not NULL) in a packed baseline. */
    static String baselineNonNull(String packed) {
        return "(" + remainder(packed) + " // " + NON_NULL + ")";
    }

    /** The number of cells in a packed baseline. */
    static String baselineCells(String packed) {
        return "(" + remainder(packed) + " % " + NON_NULL + ")";
    }

    /** {@link #baselineSum(String)} of a packed number in Java. */
    static long baselineSum(long packed) {
        return Math.floorDiv(packed, PACK);
    }

    /** {@link #baselineNonNull(String)} of a packed number in Java. */
    static int baselineNonNull(long packed) {
        return Math.floorMod(packed, PACK) / 8;
    }

    /** {@link #baselineCells(String)} of a packed number in Java. */
    static int baselineCells(long packed) {
        return Math.floorMod(packed, PACK) % 8;
    }

    /** The counts' part of a packed number, whatever the sign of its sum. */
    private static String remainder(String packed) {
        return "(((" + packed + " % " + PACK + ") + " + PACK + ") % " + PACK + ")";
    }

    static List<String> hourly(IntFunction<String> column) {
        List<String> columns = new ArrayList<>(HOURS);
        for (int h = 0; h < HOURS; h++) {
            columns.add(column.apply(h));
        }
        return columns;
    }
}
