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
 * Turns rows of a day table ({@link DayTable}), as published (a day's hours in lists, {@link
 * DayTable#packing}), into the rows of a view, as {@link StoredViewSql#filtered}'s text does in
 * SQL: a daily view's row per day row, an hourly view's row per hour with a reading, its visits
 * and baseline by the query's failure policy, its difference and completeness. The arithmetic is the text's, in the same order, so that the doubles are the
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
    private final int visitsColumn;
    private final int baselinesColumn;
    private final int readingsColumn;
    private final int failuresColumn;
    private final int presentColumn;
    private final int failedHoursColumn;
    private final int dayVisitsColumn;
    private final int dayReadingsColumn;
    private final int dayFailedColumn;
    private final int dayBaselineColumn;

    /**
     * The columns of a day table's published rows ({@link DayTable#packing}) that a query's rows
     * are made of, in the order they are read: the keys, then an hourly view's lists of hours or a
     * daily view's day.
     *
     * @param table the table the rows are of
     * @param query the view
     * @return the column names
     */
    static List<String> columns(DayTable table, ViewQuery query) {
        List<String> columns = new ArrayList<>(table.keys());
        if (query.view().resolution() == Resolution.HOURLY) {
            columns.addAll(table.hourlyGroups());
            if (table == DayTable.SENSOR_DAYS) {
                columns.addAll(List.of("present", "failed_hours"));
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
        this.visitsColumn = first + columns.indexOf("v");
        this.baselinesColumn = first + columns.indexOf("b");
        this.readingsColumn = first + columns.indexOf("r");
        this.failuresColumn = first + columns.indexOf("f");
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
            long dayVisits = rs.getLong(dayVisitsColumn);
            Long visits = rs.wasNull() ? null : dayVisits;
            long dayBaseline = rs.getLong(dayBaselineColumn);
            sink.accept(row(
                    visits,
                    rs.wasNull() ? null : dayBaseline,
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
        Object[] visits = hours(rs, visitsColumn);
        Object[] baselines = hours(rs, baselinesColumn);
        Object[] readings = sensor ? null : hours(rs, readingsColumn);
        Object[] failed = sensor ? null : hours(rs, failuresColumn);
        for (int h = fromHour; h <= toHour; h++) {
            int count = sensor ? (presentMask >> h) & 1 : ((Number) readings[h]).intValue();
            if (count == 0) {
                continue;
            }
            int failures = sensor ? (failedMask >> h) & 1 : ((Number) failed[h]).intValue();
            sink.accept(row(
                    (Number) visits[h],
                    (Number) baselines[h],
                    store,
                    sensorNumber,
                    date,
                    h,
                    count,
                    failures,
                    count == sensorCount));
        }
    }

    /** @return the 24 hours of a list column of the current row, each a number or null */
    private static Object[] hours(ResultSet rs, int column) throws SQLException {
        Object[] hours = (Object[]) rs.getArray(column).getArray();
        if (hours.length != DayTable.HOURS) {
            throw new SQLException("A day row holds " + hours.length + " hours, not " + DayTable.HOURS);
        }
        return hours;
    }

    /**
     * @param visits the cell's visits, null when none counts
     * @param packedBaseline the cell's packed baseline parts ({@link DayTable}); null only where no
     *     reading makes the cell, which is never handed on
     */
    private ViewRow row(
            Number visits,
            Number packedBaseline,
            String store,
            Integer sensorNumber,
            LocalDate date,
            Integer hour,
            int count,
            int failures,
            boolean complete) {
        Long cellVisits = visits == null ? (legacyZero ? Long.valueOf(0) : null) : Long.valueOf(visits.longValue());
        long packed = packedBaseline == null ? 0 : packedBaseline.longValue();
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
