package org.sensorsandmore.sql.materialized;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * Turns rows of a day table ({@link DayTable}) into the rows of a view, as {@link
 * StoredViewSql#filtered}'s text does in SQL: a daily view's row per day row, an hourly view's row
 * per hour with a reading, its visits and baseline by the query's failure policy, its difference
 * and completeness. The arithmetic is the text's, in the same order, so that the doubles are the
 * same.
 *
 * <p>Not thread-safe: one per query.
 */
final class DayRows {
    private final boolean sensor;
    private final boolean hourly;
    private final boolean legacyZero;
    private final int fromHour;
    private final int toHour;
    private final int sensorColumn;
    private final int dayColumn;
    private final int[] visitColumns = new int[DayTable.HOURS];
    private final int[] baselineColumns = new int[DayTable.HOURS];
    private final int[] readingColumns = new int[DayTable.HOURS];
    private final int[] failedColumns = new int[DayTable.HOURS];
    private final int presentColumn;
    private final int failedHoursColumn;
    private final int dayVisitsColumn;
    private final int dayReadingsColumn;
    private final int dayFailedColumn;
    private final int dayBaselineColumn;

    /**
     * The columns of a day table that a query's rows are made of, in the order they are read:
     * the keys, then an hourly view's hours or a daily view's day.
     *
     * @param table the table the rows are of
     * @param query the view
     * @return the column names
     */
    static List<String> columns(DayTable table, ViewQuery query) {
        List<String> columns = new ArrayList<>(table.keys());
        if (query.view().resolution() == Resolution.HOURLY) {
            columns.addAll(DayTable.hourly(h -> "v" + h));
            columns.addAll(DayTable.hourly(h -> "b" + h));
            if (table == DayTable.SENSOR_DAYS) {
                columns.addAll(List.of("present", "failed_hours"));
            } else {
                columns.addAll(DayTable.hourly(h -> "r" + h));
                columns.addAll(DayTable.hourly(h -> "f" + h));
            }
        } else {
            columns.addAll(List.of("dv", "dr", "df", "db"));
        }
        return columns;
    }

    /**
     * @param table the table the rows are of
     * @param query the view, filters on hours and failure policy
     * @param first the 1-based column in the result set of the first of {@link #columns}
     */
    DayRows(DayTable table, ViewQuery query, int first) {
        this.sensor = table == DayTable.SENSOR_DAYS;
        this.hourly = query.view().resolution() == Resolution.HOURLY;
        this.legacyZero = query.failurePolicy() == FailurePolicy.LEGACY_ZERO;
        this.fromHour = query.fromHour();
        this.toHour = query.toHour();
        // A column the view does not read is at index first - 1 and never read.
        List<String> columns = columns(table, query);
        this.sensorColumn = sensor ? first + columns.indexOf("sensor_id") : -1;
        this.dayColumn = first + columns.indexOf("epoch_day");
        for (int h = 0; h < DayTable.HOURS; h++) {
            visitColumns[h] = first + columns.indexOf("v" + h);
            baselineColumns[h] = first + columns.indexOf("b" + h);
            readingColumns[h] = sensor ? -1 : first + columns.indexOf("r" + h);
            failedColumns[h] = sensor ? -1 : first + columns.indexOf("f" + h);
        }
        this.presentColumn = sensor ? first + columns.indexOf("present") : -1;
        this.failedHoursColumn = sensor ? first + columns.indexOf("failed_hours") : -1;
        this.dayVisitsColumn = first + columns.indexOf("dv");
        this.dayReadingsColumn = first + columns.indexOf("dr");
        this.dayFailedColumn = first + columns.indexOf("df");
        this.dayBaselineColumn = first + columns.indexOf("db");
    }

    /**
     * Hands on the view rows of the result set's current day row.
     *
     * @param rs a result set on a day row
     * @param store the row's store name
     * @param sensorCount the sensors the store has reported from (store rows)
     * @param sink receives the rows, in hour order
     * @throws SQLException when the database fails
     */
    void expand(ResultSet rs, String store, int sensorCount, Consumer<? super ViewRow> sink) throws SQLException {
        Integer sensorNumber = sensor ? rs.getInt(sensorColumn) : null;
        int day = rs.getInt(dayColumn);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (!hourly) {
            int count = rs.getInt(dayReadingsColumn);
            sink.accept(row(
                    rs,
                    dayVisitsColumn,
                    dayBaselineColumn,
                    store,
                    sensorNumber,
                    date,
                    null,
                    count,
                    rs.getInt(dayFailedColumn),
                    count == DayTable.HOURS * sensorCount));
            return;
        }
        int presentMask = sensor ? rs.getInt(presentColumn) : 0;
        int failedMask = sensor ? rs.getInt(failedHoursColumn) : 0;
        for (int h = fromHour; h <= toHour; h++) {
            int count = sensor ? (presentMask >> h) & 1 : rs.getInt(readingColumns[h]);
            if (count == 0) {
                continue;
            }
            int failures = sensor ? (failedMask >> h) & 1 : rs.getInt(failedColumns[h]);
            sink.accept(row(
                    rs,
                    visitColumns[h],
                    baselineColumns[h],
                    store,
                    sensorNumber,
                    date,
                    h,
                    count,
                    failures,
                    count == sensorCount));
        }
    }

    private ViewRow row(
            ResultSet rs,
            int visitsColumn,
            int baselineColumn,
            String store,
            Integer sensorNumber,
            LocalDate date,
            Integer hour,
            int count,
            int failures,
            boolean complete)
            throws SQLException {
        long value = rs.getLong(visitsColumn);
        Long cellVisits = rs.wasNull() ? (legacyZero ? Long.valueOf(0) : null) : Long.valueOf(value);
        long packed = rs.getLong(baselineColumn);
        int counted = legacyZero ? DayTable.baselineCells(packed) : DayTable.baselineNonNull(packed);
        Double baseline = counted == 0 ? null : (double) DayTable.baselineSum(packed) / counted;
        Double pctDiff = cellVisits == null || baseline == null || baseline == 0
                ? null
                : 100.0 * (cellVisits - baseline) / baseline;
        return new ViewRow(
                store,
                sensorNumber,
                date,
                hour,
                date.getDayOfWeek(),
                cellVisits,
                count,
                failures,
                baseline,
                pctDiff,
                complete);
    }
}
