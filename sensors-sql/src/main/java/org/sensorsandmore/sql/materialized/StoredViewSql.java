package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewSql;
import org.sensorsandmore.sql.views.ViewTexts;

/**
 * The views read from their tables ({@link DayTable}) instead of computed from the readings: the
 * same rows and columns as the view texts ({@link ViewTexts#columns}), for the stored {@link
 * DayTable#WEEKS}-week baselines. An hourly view unnests each day row into its 24 hours.
 *
 * <p>Only the asked rows are read: no baseline needs earlier days here, they are stored.
 */
public final class StoredViewSql {
    private StoredViewSql() {}

    /**
     * @param query the view and filters; its baseline must have {@link DayTable#WEEKS} weeks
     * @return the query's text and bind parameters, rows in {@link ViewTexts#orderBy} order
     * @throws IllegalArgumentException when the query's baseline is not the stored one
     */
    public static ViewSql.Bound filtered(ViewQuery query) {
        View view = query.view();
        DayTable table = tableOf(query);
        boolean hourly = view.resolution() == Resolution.HOURLY;
        boolean legacyZero = query.failurePolicy() == FailurePolicy.LEGACY_ZERO;
        List<Object> parameters = new ArrayList<>();
        List<String> where = daysWhere(query, parameters);
        String days =
                "SELECT * FROM " + table.table() + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));

        // One row per cell: visits, readings, failed and the packed baseline parts.
        String series = view.level() == Level.SENSOR ? "store_id, sensor_id" : "store_id";
        String cells;
        if (hourly) {
            cells = "SELECT " + series + ", epoch_day, CAST(unnest(range(" + DayTable.HOURS + ")) AS INTEGER) AS hour,"
                    + " unnest(" + list(DayTable.hourly(h -> "v" + h)) + ") AS v,"
                    + " CAST(unnest(" + list(DayTable.hourly(table::readings)) + ") AS INTEGER) AS readings,"
                    + " CAST(unnest(" + list(DayTable.hourly(table::failed)) + ") AS INTEGER) AS failed,"
                    + " unnest(" + list(DayTable.hourly(h -> "b" + h)) + ") AS b FROM (" + days + ") d";
            List<String> kept = new ArrayList<>(List.of("readings > 0"));
            if (query.fromHour() > 0 || query.toHour() < DayTable.HOURS - 1) {
                kept.add("hour BETWEEN ? AND ?");
                parameters.add(query.fromHour());
                parameters.add(query.toHour());
            }
            cells = "SELECT * FROM (" + cells + ") c WHERE " + String.join(" AND ", kept);
        } else {
            cells = "SELECT " + series + ", epoch_day, dv AS v, dr AS readings, df AS failed, db AS b FROM (" + days
                    + ") d";
        }

        String visits = legacyZero ? "COALESCE(v, 0)" : "v";
        String counted = legacyZero ? DayTable.baselineCells("b") : DayTable.baselineNonNull("b");
        String based = "SELECT *, " + visits + " AS visits, CASE WHEN " + counted + " = 0 THEN NULL ELSE "
                + DayTable.baselineSum("b") + " / " + counted + " END AS baseline FROM (" + cells + ") c";

        String complete;
        String join = "";
        if (view.level() == Level.SENSOR) {
            complete = hourly ? "TRUE" : "x.readings = " + DayTable.HOURS;
        } else {
            join = " JOIN (SELECT store_id, COUNT(*) AS sensor_count FROM store_sensors GROUP BY store_id) n"
                    + " ON n.store_id = x.store_id";
            complete = "x.readings = " + (hourly ? "" : DayTable.HOURS + " * ") + "n.sensor_count";
        }
        List<String> select = new ArrayList<>(List.of("stores.store"));
        if (view.level() == Level.SENSOR) {
            select.add("x.sensor_id");
        }
        select.add("DATE '1970-01-01' + x.epoch_day AS date");
        if (hourly) {
            select.add("x.hour");
        }
        select.add("CAST(" + DayTable.weekday("x.epoch_day") + " AS INTEGER) AS weekday");
        select.add("CAST(x.visits AS BIGINT) AS visits");
        select.add("x.readings");
        select.add("x.failed");
        select.add("x.baseline");
        select.add("CASE WHEN x.visits IS NULL OR x.baseline IS NULL OR x.baseline = 0 THEN NULL"
                + " ELSE 100.0 * (x.visits - x.baseline) / x.baseline END AS pct_diff");
        select.add(complete + " AS complete");
        String sql = "SELECT " + String.join(", ", select) + " FROM (" + based + ") x"
                + " JOIN stores ON stores.store_id = x.store_id" + join + " ORDER BY "
                + String.join(", ", ViewTexts.orderBy(view));
        return new ViewSql.Bound(sql, List.copyOf(parameters));
    }

    /** The table a query's rows are kept in; refused when its baseline is not the stored one. */
    private static DayTable tableOf(ViewQuery query) {
        if (!isStored(query)) {
            throw new IllegalArgumentException(
                    "Only " + DayTable.WEEKS + "-week baselines are stored, not " + query.baselineWeeks());
        }
        return query.view().level() == Level.SENSOR ? DayTable.SENSOR_DAYS : DayTable.STORE_DAYS;
    }

    /**
     * The conditions on a day table's rows that a query's filters make (all but the hours), over
     * its unqualified columns.
     *
     * @param parameters receives their bind parameters, in order
     */
    private static List<String> daysWhere(ViewQuery query, List<Object> parameters) {
        List<String> where = new ArrayList<>();
        if (!query.stores().isEmpty()) {
            where.add("store_id IN (SELECT store_id FROM stores WHERE store IN ("
                    + marks(query.stores().size()) + "))");
            parameters.addAll(query.stores());
        }
        where.addAll(cellsWhere(query, parameters));
        return where;
    }

    /** The conditions of {@link #daysWhere} but the stores'. */
    private static List<String> cellsWhere(ViewQuery query, List<Object> parameters) {
        List<String> where = new ArrayList<>();
        if (query.view().level() == Level.SENSOR && !query.sensors().isEmpty()) {
            where.add("sensor_id IN (" + marks(query.sensors().size()) + ")");
            parameters.addAll(query.sensors());
        }
        query.fromDate().ifPresent(from -> {
            where.add("epoch_day >= ?");
            parameters.add(from.toEpochDay());
        });
        query.toDate().ifPresent(to -> {
            where.add("epoch_day < ?");
            parameters.add(to.toEpochDay());
        });
        if (!query.weekdays().isEmpty()) {
            where.add(DayTable.weekday("epoch_day") + " IN ("
                    + marks(query.weekdays().size()) + ")");
            query.weekdays().stream().map(day -> day.getValue() - 1).sorted().forEach(parameters::add);
        }
        return where;
    }

    /**
     * Reads a query's rows from the day tables and hands each on, in {@link ViewTexts#orderBy}
     * order: the same rows as {@link #filtered}'s text, but the database returns only the asked
     * day rows, and each is turned into its view rows here (an hourly one into its hours). A
     * year of a store's sensor hours is 3,650 rows read instead of 87,600 unnested, sorted and
     * converted one by one.
     *
     * @param connection a connection where the day tables, {@code stores} and {@code
     *     store_sensors} are
     * @param query the view and filters; its baseline must have {@link DayTable#WEEKS} weeks
     * @param sink receives each row
     * @throws SQLException when the database fails
     * @throws IllegalArgumentException when the query's baseline is not the stored one
     */
    public static void read(Connection connection, ViewQuery query, Consumer<? super ViewRow> sink)
            throws SQLException {
        DayTable table = tableOf(query);
        boolean sensor = table == DayTable.SENSOR_DAYS;
        List<Object> parameters = new ArrayList<>();
        List<String> where = daysWhere(query, parameters);
        // The sensors a store has reported from: a store's cell is complete when all of them read.
        String sensors = sensor ? "1" : "(SELECT COUNT(*) FROM store_sensors x WHERE x.store_id = d.store_id)";
        // The columns the view's rows are made of only (a store's year of daily rows reads 4 of 57),
        // of the rows as published, a day's hours in lists: what DayRows reads.
        String sql = "SELECT s.store, " + sensors + ", d.* FROM (SELECT "
                + String.join(", ", DayRows.columns(table, query)) + " FROM (SELECT " + table.packing() + " FROM "
                + table.table() + ") t" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + ") d"
                + " JOIN stores s ON s.store_id = d.store_id ORDER BY s.store, "
                + String.join(", ", table.keys().subList(1, table.keys().size()));
        DayRows rows = new DayRows(table, query, 3);
        try (PreparedStatement statement = new ViewSql.Bound(sql, parameters).prepare(connection)) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.expand(rs, rs.getString(1), rs.getInt(2), sink);
                }
            }
        }
    }

    /**
     * Reads a query's rows as {@link #read(Connection, ViewQuery, Consumer)} does, from relations
     * of day rows instead of the tables, for stores known by number: the database is asked for the
     * stores' rows by their numbers, which lets it skip other stores' row groups by their
     * statistics before it reads them, and joins nothing.
     *
     * @param connection a connection
     * @param query the view and filters; its baseline must have {@link DayTable#WEEKS} weeks
     * @param days the relation (a parenthesized query) that holds a day table's rows as published,
     *     with the hours of a day in lists ({@link MaterializedViews#fileColumns}), by the table's
     *     name ({@code sensor_days}, {@code store_days}); null when none does
     * @param stores the stores by number
     * @param sink receives each row
     * @throws SQLException when the database fails
     */
    public static void read(
            Connection connection,
            ViewQuery query,
            Function<String, String> days,
            StoreNumbers stores,
            Consumer<? super ViewRow> sink)
            throws SQLException {
        DayTable table = tableOf(query);
        String relation = days.apply(table.table());
        List<Integer> wanted = stores.inNameOrder(query.stores());
        if (relation == null || wanted.isEmpty()) {
            return;
        }
        String numbers = wanted.stream().map(String::valueOf).collect(Collectors.joining(", "));
        List<Object> parameters = new ArrayList<>();
        List<String> where = new ArrayList<>(List.of("store_id IN (" + numbers + ")"));
        where.addAll(cellsWhere(query, parameters));
        // The stores in name order, the order of every view: a store's place in the list.
        String sql = "SELECT " + String.join(", ", DayRows.columns(table, query)) + " FROM " + relation
                + " WHERE " + String.join(" AND ", where) + " ORDER BY list_position([" + numbers + "], store_id), "
                + String.join(", ", table.keys().subList(1, table.keys().size()));
        DayRows rows = new DayRows(table, query, 1);
        boolean sensor = table == DayTable.SENSOR_DAYS;
        try (PreparedStatement statement = new ViewSql.Bound(sql, parameters).prepare(connection)) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    int store = rs.getInt(1);
                    // A sensor's cell is complete when it read; a store's, when all its sensors did.
                    rows.expand(rs, stores.name(store), sensor ? 1 : stores.sensors(store), sink);
                }
            }
        }
    }

    /**
     * @param query a query
     * @return whether its rows can be read from the tables: its baseline is the stored one
     */
    public static boolean isStored(ViewQuery query) {
        return query.baselineWeeks() == DayTable.WEEKS;
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
    /**
     * Runs a view's query and hands each row on, in the query's order.
     *
     * @param connection the connection to run it on
     * @param bound the query and its bind parameters
     * @param view the view it yields rows of
     * @param sink receives each row
     * @throws SQLException when the database fails
     */
    public static void run(Connection connection, ViewSql.Bound bound, View view, Consumer<? super ViewRow> sink)
            throws SQLException {
        try (PreparedStatement statement = bound.prepare(connection)) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(view, rs));
                }
            }
        }
    }

    /**
     * @param view the view the row is of
     * @param rs a result set on a row with the columns of {@link ViewTexts#columns}
     * @return the row
     * @throws SQLException when the database fails
     */
    public static ViewRow row(View view, ResultSet rs) throws SQLException {
        boolean sensor = view.level() == Level.SENSOR;
        boolean hourly = view.resolution() == Resolution.HOURLY;
        return new ViewRow(
                rs.getString("store"),
                sensor ? rs.getInt("sensor_id") : null,
                rs.getObject("date", LocalDate.class),
                hourly ? rs.getInt("hour") : null,
                ViewRow.weekdayOf(rs.getInt("weekday")),
                nullable(rs, rs.getLong("visits")),
                rs.getInt("readings"),
                rs.getInt("failed"),
                nullable(rs, rs.getDouble("baseline")),
                nullable(rs, rs.getDouble("pct_diff")),
                rs.getBoolean("complete"));
    }

    private static <T> T nullable(ResultSet rs, T value) throws SQLException {
        return rs.wasNull() ? null : value;
    }
}
