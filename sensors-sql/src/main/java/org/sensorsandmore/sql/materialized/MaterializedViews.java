package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sensorsandmore.sql.storage.ReadingDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the views' tables ({@link DayTable}: {@code sensor_days}, {@code store_days}, and {@code
 * store_sensors}, the sensors each store has reported from) equal to what the view texts compute
 * over {@code readings}: rebuilt whole (in one pass of Java, {@link RebuildKernel}, with the SQL of
 * {@link DayTable} as its specification and fallback), or maintained after a transaction's ingests
 * by recomputing the sensor-days they changed and the later days whose baselines read those (in
 * Java too, {@link RefreshKernel}, with SQL as the fallback).
 *
 * <p>Runs on the writer connection inside the transaction it maintains, so that the views commit
 * with the readings they are computed from.
 */
public final class MaterializedViews {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializedViews.class);

    /** The sensor-days of a maintenance, with no repeats. */
    private static final String TOUCHED = "touched_sensor_days";

    /** The store-days of a maintenance. */
    private static final String TOUCHED_STORES = "touched_store_days";

    /** The keys a refresh recomputes. */
    private static final String TARGETS = "refresh_targets";

    /** The cells a refresh's baselines read: the touched days' new ones and stored ones. */
    private static final String CELLS = "refresh_cells";

    /** The keys whose cells a refresh's baselines read. */
    private static final String READ = "refresh_read";

    /**
     * The rows a refresh recomputed ({@link #refresh}), or their keys ({@link RefreshKernel}), left
     * for its caller.
     */
    private static final String REBASED = "rebased";

    /** Days back a baseline reads: the same weekday of the previous weeks. */
    private static final int BACK = 7 * (DayTable.WEEKS - 1);

    /**
     * Above this share of the stored sensor-days, a maintenance rebuilds everything: one pass over
     * every reading is then cheaper than finding the changed days among them.
     */
    private static final double REBUILD_SHARE = 0.25;

    /**
     * What changed since the last publish ({@code publish} package), written in the transaction
     * that changed it: (store_id, month, epoch_day), a row for each store-day whose rows a
     * maintenance recomputed, or with a NULL day for a whole store-month (a rebuild).
     */
    public static final String DIRTY = "views_dirty";

    /**
     * The days whose view rows each write transaction changed: (change, epoch_day), one change
     * number per transaction, increasing; a NULL day means every day (a rebuild). An export folder
     * remembers the last change it holds and rewrites the days of the later ones.
     */
    public static final String CHANGES = "view_changes";

    /**
     * The sensor-days whose view rows wait for a later commit ({@link #defer}): (store_id,
     * sensor_id, epoch_day), a row of NULLs for every day. In the database, committed with the
     * readings they name, so that a process killed before the views caught up leaves them to the
     * next one.
     */
    public static final String PENDING = "views_pending";

    /** One row: the warehouse's identity, a random UUID made with the database. */
    public static final String IDENTITY = "warehouse_identity";

    private MaterializedViews() {}

    /**
     * @param epochDay an {@code epoch_day} expression
     * @return its month, as {@code yyyymm}
     */
    public static String month(String epochDay) {
        return "CAST(strftime(DATE '1970-01-01' + " + epochDay + ", '%Y%m') AS INTEGER)";
    }

    /**
     * @param table {@code sensor_days} or {@code store_days}
     * @return the statement that creates an empty temporary table of that layout
     */
    public static String createTemporary(String table) {
        return DayTable.named(table).create().replaceFirst("CREATE TABLE", "CREATE TEMP TABLE");
    }

    /**
     * @param table a day table's name
     * @return a select list over its rows yielding the columns of its published files, where each
     *     group of 24 hourly columns is one list
     */
    public static String fileColumns(String table) {
        return DayTable.named(table).packing();
    }

    /**
     * @param table a day table's name
     * @return a select list over rows of its published files ({@link #fileColumns}) yielding its
     *     own columns
     */
    public static String tableColumns(String table) {
        return DayTable.named(table).unpacking();
    }

    /** @return the statement that marks every stored store-month changed, whole */
    public static String dirtyWholeMonths() {
        return "INSERT INTO " + DIRTY + " SELECT DISTINCT store_id, " + month("epoch_day") + ", NULL FROM store_days";
    }

    /** @return the statements that create the tables, empty */
    public static List<String> create() {
        return List.of(
                DayTable.SENSOR_DAYS.create(),
                DayTable.STORE_DAYS.create(),
                "CREATE TABLE store_sensors (store_id INTEGER NOT NULL, sensor_id INTEGER NOT NULL)",
                "CREATE TABLE " + DIRTY + " (store_id INTEGER NOT NULL, month INTEGER NOT NULL, epoch_day INTEGER)");
    }

    /**
     * Recomputes the tables from every reading: in one pass of Java ({@link RebuildKernel}) where
     * it can run, else with the SQL that specifies it.
     *
     * @param connection the writer connection, in a transaction or auto-commit
     * @throws SQLException when the database fails
     */
    public static void rebuild(Connection connection) throws SQLException {
        rebuildByKernel(connection);
    }

    /**
     * Recomputes the tables from every reading, in Java where it can.
     *
     * @param connection the writer connection, in a transaction or auto-commit
     * @return whether {@link RebuildKernel} computed them; false when the SQL did
     * @throws SQLException when the database fails
     */
    static boolean rebuildByKernel(Connection connection) throws SQLException {
        return rebuild(connection, true, null);
    }

    /**
     * Recomputes the tables from every reading with SQL alone ({@link DayTable#cellsFrom}, {@link
     * DayTable#withBaselines}): the specification {@link RebuildKernel} is tested against.
     *
     * @param connection the writer connection, in a transaction or auto-commit
     * @throws SQLException when the database fails
     */
    static void rebuildWithSql(Connection connection) throws SQLException {
        rebuild(connection, false, null);
    }

    /** @param arriving cells the kernel may take instead of reading the readings, or null */
    private static boolean rebuild(Connection connection, boolean kernel, ArrivingCells arriving) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            for (DayTable table : DayTable.values()) {
                statement.execute("DELETE FROM " + table.table());
            }
            statement.execute("DELETE FROM store_sensors");
            boolean any;
            try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + ReadingDays.TABLE + ")")) {
                rs.next();
                any = rs.getBoolean(1);
            }
            // Without readings the tables stay empty: a new database's schema is made without
            // starting the kernel (0.3-0.5 s in a fresh JVM, each first catch-up's).
            boolean byKernel = any && kernel && RebuildKernel.insert(connection, arriving);
            if (any && !byKernel) {
                statement.execute(insertSorted(DayTable.SENSOR_DAYS, readings("TRUE")));
                statement.execute(insertSorted(DayTable.STORE_DAYS, "SELECT * FROM sensor_days"));
            }
            statement.execute("INSERT INTO store_sensors SELECT DISTINCT store_id, sensor_id FROM sensor_days"
                    + " ORDER BY store_id, sensor_id");
            statement.execute("DELETE FROM " + DIRTY);
            statement.execute(dirtyWholeMonths());
            LOG.debug(
                    "Rebuilt the views {} in {} ms",
                    !any ? "of no reading" : byKernel ? "in Java" : "with SQL",
                    (System.nanoTime() - start) / 1_000_000);
            return byKernel;
        }
    }

    /** Every row of a table from a source of its cells, in key order: a series' days lie together. */
    private static String insertSorted(DayTable table, String source) {
        return "INSERT INTO " + table.table() + " SELECT * FROM (" + table.withBaselines(table.cellsFrom(source))
                + ") rows ORDER BY " + String.join(", ", table.keys());
    }

    /** The readings' sensor-day rows that satisfy a condition. */
    private static String readings(String condition) {
        return "SELECT * FROM " + ReadingDays.TABLE + " WHERE " + condition;
    }

    /**
     * Leaves the days a transaction changed for a later {@link #maintain}, which then brings their
     * rows up to date with its own: a series of transactions (a catch-up's chunks) is maintained
     * once, and a series that adds most of the history is rebuilt once instead of maintained chunk
     * by chunk. Until then the tables keep the rows of the last maintenance, a state readers may
     * see whole.
     *
     * @param connection the writer connection, in the transaction that changed the readings
     * @param changed what changed; forgotten
     * @return whether anything now waits
     * @throws SQLException when the database fails
     */
    public static boolean defer(Connection connection, ChangedDays changed) throws SQLException {
        if (changed.isEmpty()) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    changed.isEverything()
                            ? "INSERT INTO " + PENDING + " VALUES (NULL, NULL, NULL)"
                            : "INSERT INTO " + PENDING + " SELECT DISTINCT store_id, sensor_id, epoch_day FROM "
                                    + ChangedDays.TABLE);
        }
        changed.clear(connection);
        return true;
    }

    /**
     * @param connection a connection to the database
     * @return whether some days wait for a maintenance ({@link #defer})
     * @throws SQLException when the database fails
     */
    public static boolean hasPending(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + PENDING + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Brings the tables up to date with the days a transaction changed and those earlier
     * transactions left waiting ({@link #defer}), and forgets them.
     *
     * @param connection the writer connection, in the transaction that changed the readings
     * @param changed what changed
     * @param pending whether days may wait ({@link #hasPending}); false spares a query
     * @throws SQLException when the database fails
     */
    public static void maintain(Connection connection, ChangedDays changed, boolean pending) throws SQLException {
        if (pending) {
            takePending(connection, changed);
        }
        if (changed.isEmpty()) {
            return;
        }
        if (changed.isEverything()) {
            changed.clear(connection);
            rebuild(connection, true, changed.arriving());
            logChange(connection, "SELECT NULL");
            return;
        }
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + TOUCHED + " AS SELECT DISTINCT store_id, sensor_id,"
                    + " epoch_day FROM " + ChangedDays.TABLE);
            changed.clear(connection);
            long touched;
            long stored;
            int first;
            int last;
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), MIN(epoch_day), MAX(epoch_day),"
                    + " (SELECT COUNT(*) FROM sensor_days) FROM " + TOUCHED)) {
                rs.next();
                touched = rs.getLong(1);
                first = rs.getInt(2);
                last = rs.getInt(3);
                stored = rs.getLong(4);
            }
            if (touched == 0) {
                statement.execute("DROP TABLE " + TOUCHED);
                return;
            }
            if (touched > REBUILD_SHARE * stored) {
                statement.execute("DROP TABLE " + TOUCHED);
                rebuild(connection);
                logChange(connection, "SELECT NULL");
                return;
            }
            if (!RefreshKernel.refresh(connection, TOUCHED, first, last, REBASED)) {
                refreshWithSql(statement, first, last);
            }
            // Every store-day a recomputed row lies in: a recomputed sensor-day's store-day is
            // recomputed too (touched, or a later day of a touched one), so the store rows name them all.
            statement.execute("INSERT INTO " + DIRTY + " SELECT DISTINCT store_id, " + month("epoch_day")
                    + ", epoch_day FROM " + REBASED + " b WHERE NOT EXISTS (SELECT 1 FROM " + DIRTY
                    + " d WHERE d.store_id = b.store_id AND d.epoch_day = b.epoch_day)");
            logChange(connection, "SELECT DISTINCT epoch_day FROM " + REBASED);
            statement.execute("DROP TABLE " + REBASED);
            statement.execute("INSERT INTO store_sensors SELECT DISTINCT store_id, sensor_id FROM " + TOUCHED
                    + " t WHERE NOT EXISTS (SELECT 1 FROM store_sensors x"
                    + " WHERE x.store_id = t.store_id AND x.sensor_id = t.sensor_id)");
            statement.execute("DROP TABLE " + TOUCHED);
            LOG.debug(
                    "Maintained the views for {} changed sensor-days in {} ms",
                    touched,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Recomputes both tables' rows for the touched sensor-days with SQL ({@link #refresh}), as
     * {@link RefreshKernel} does in Java, where it cannot; leaves the store rows in {@link #REBASED}.
     */
    private static void refreshWithSql(Statement statement, int first, int last) throws SQLException {
        // The readings' rows are read within the changed days: their min-max statistics skip
        // every block of other days.
        refresh(
                statement,
                DayTable.SENSOR_DAYS,
                TOUCHED,
                keys -> readings("epoch_day BETWEEN " + first + " AND " + last + " AND "
                        + matches(DayTable.SENSOR_DAYS.keys(), ReadingDays.TABLE, keys)),
                first,
                last);
        statement.execute("DROP TABLE " + REBASED);
        statement.execute("CREATE OR REPLACE TEMP TABLE " + TOUCHED_STORES + " AS SELECT DISTINCT store_id,"
                + " epoch_day FROM " + TOUCHED);
        refresh(
                statement,
                DayTable.STORE_DAYS,
                TOUCHED_STORES,
                keys -> "SELECT * FROM sensor_days s WHERE s.epoch_day BETWEEN " + first + " AND " + last + " AND "
                        + matches(DayTable.STORE_DAYS.keys(), "s", keys),
                first,
                last);
        statement.execute("DROP TABLE " + TOUCHED_STORES);
    }

    /** Adds the waiting days to a maintenance's, and forgets them (in its transaction). */
    private static void takePending(Connection connection, ChangedDays changed) throws SQLException {
        boolean everything;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT EXISTS (SELECT 1 FROM " + PENDING + " WHERE epoch_day IS NULL)")) {
            rs.next();
            everything = rs.getBoolean(1);
        }
        if (everything) {
            changed.everything();
        } else {
            changed.add(connection, "SELECT store_id, sensor_id, epoch_day FROM " + PENDING);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + PENDING);
        }
    }

    /** Logs the days of a query ({@code epoch_day}, NULL for all) as this transaction's change. */
    private static void logChange(Connection connection, String days) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + CHANGES + " SELECT (SELECT COALESCE(MAX(change), 0) + 1 FROM " + CHANGES
                    + "), epoch_day FROM (" + days + ") days(epoch_day)");
        }
    }

    /**
     * Recomputes a table's rows for its touched days and for the next {@code WEEKS - 1} same
     * weekdays of each, whose baselines read them: the touched days' cells come from the source,
     * the other cells their windows need from the table itself ({@link DayTable#withBaselinesOf}).
     *
     * @param touched a table of the touched keys
     * @param source the rows the cells of the keys in a table are computed from, given that table
     * @param first the first touched day
     * @param last the last touched day; the recomputed rows are left in {@link #REBASED}
     */
    private static void refresh(
            Statement statement, DayTable table, String touched, UnaryOperator<String> source, int first, int last)
            throws SQLException {
        List<String> keys = table.keys();
        String series = String.join(", ", table.series());
        // The keys whose rows are recomputed (the touched days and the next same weekdays) and
        // those whose cells their windows read (the same weekdays BACK days either side), each
        // listed once, so that picking them is an equality join and not a join on a difference.
        statement.execute("CREATE OR REPLACE TEMP TABLE " + TARGETS + " AS SELECT DISTINCT " + series
                + ", epoch_day + k AS epoch_day FROM " + touched + ", " + offsets(0));
        statement.execute("CREATE OR REPLACE TEMP TABLE " + READ + " AS SELECT DISTINCT " + series
                + ", epoch_day + k AS epoch_day FROM " + touched + ", " + offsets(-BACK));
        String cells = String.join(", ", prefixed("k", keys)) + ", " + String.join(", ", prefixed("k", table.cells()));
        // Of the stored rows, those the windows read, except the touched ones, whose cells are new.
        String neighbours = "SELECT " + cells + " FROM " + table.table() + " k WHERE k.epoch_day BETWEEN "
                + (first - BACK) + " AND " + (last + BACK) + " AND " + matches(keys, "k", READ) + " AND NOT "
                + matches(keys, "k", touched);
        statement.execute("CREATE OR REPLACE TEMP TABLE " + CELLS + " AS SELECT * FROM ("
                + table.cellsFrom(source.apply(touched)) + ") fresh UNION ALL " + neighbours);
        statement.execute("CREATE OR REPLACE TEMP TABLE " + REBASED + " AS " + table.withBaselinesOf(CELLS, TARGETS));
        statement.execute("DROP TABLE " + CELLS);
        statement.execute("DROP TABLE " + TARGETS);
        statement.execute("DROP TABLE " + READ);
        statement.execute("DELETE FROM " + table.table() + " k USING " + REBASED + " b WHERE k.epoch_day BETWEEN "
                + first + " AND " + (last + BACK) + " AND " + DayTable.equal(keys, "k", "b"));
        statement.execute("INSERT INTO " + table.table() + " SELECT * FROM " + REBASED);
    }

    /** The day offsets {@code k}, 7 apart, from {@code from} to {@code BACK}, as a relation. */
    private static String offsets(int from) {
        return "(SELECT CAST(range AS INTEGER) AS k FROM range(" + from + ", " + (BACK + 1) + ", 7)) offsets";
    }

    /** Whether a row's keys are in a table of keys. */
    private static String matches(List<String> keys, String row, String table) {
        return "EXISTS (SELECT 1 FROM " + table + " m WHERE " + DayTable.equal(keys, "m", row) + ")";
    }

    private static List<String> prefixed(String alias, List<String> columns) {
        return columns.stream().map(column -> alias + "." + column).toList();
    }
}
