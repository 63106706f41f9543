package org.sensorsandmore.sql.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.ArrivingCells;
import org.sensorsandmore.sql.materialized.ChangedDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest, in the caller's transaction: the readings become rows of {@link ReadingDays#TABLE},
 * a row per sensor-day ({@link DayBuffer}), written when the ingest merges (or when the rows
 * gathered reach {@link #FLUSH_ROWS}).
 *
 * <p>A row whose day lies outside the hours already stored for its store goes straight into the
 * table: a first load, the first hour of a pipeline's day. A row whose hours all follow its store's
 * stored ones (the next hour of an hourly run) sets those hours in its stored row ({@link
 * #addHours}). The others are written to a temporary table and merged by key ({@link
 * ReadingDays#merged}): each hour given replaces the stored one, the others stay, and an hour equal
 * to the stored one is not counted as written (so ingesting the same data twice writes nothing).
 * Readings DuckDB reads itself (parquet) are staged as readings and turned into rows by SQL ({@link
 * ReadingDays#pivot}) before the same merge.
 *
 * <p>Rows reach DuckDB as an Arrow stream when they are many and the JVM lets Arrow work ({@link
 * ArrowStager#available()}), through its Appender otherwise: an hourly run's few thousand rows never
 * start Arrow (about half a second in a new JVM).
 *
 * <p>Stores are numbered in table {@code stores}; a store new to the database gets the next number
 * in the same transaction. Not thread-safe: one ingest at a time on the writer connection.
 */
public final class Loader implements ReadingSink, AutoCloseable {
    /** The columns of {@code readings}, in order, as every insert of readings names them. */
    static final String COLUMNS = "store_id, sensor_id, epoch_hour, status, visits, anomaly";

    /**
     * The rows gathered before they are written within the ingest: about 150 MB of arrays, 70 % of
     * a 400-store fleet's year. A first load of that year writes them in two parts.
     */
    public static final int FLUSH_ROWS = 1 << 20;

    /**
     * The kinds of hours ({@code present} masks) of rows that add hours after the stored ones, up
     * to which each is added by a statement of its own ({@link #addHours}); past it, they are merged.
     */
    private static final int LATER_MASKS = 4;

    /** Rows written through the Appender below this many, through Arrow from it (when it works). */
    static final int ARROW_ROWS = 1 << 12;

    /** The temporary table of the rows to merge. */
    private static final String ARRIVING = "arriving_days";

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    private final DuckDBConnection connection;
    private final ChangedDays changedDays;
    private final Map<String, Integer> storeIds = new HashMap<>();
    private final DayBuffer days = new DayBuffer();

    /**
     * The first and last stored epoch hour of each store id, before this ingest, widened by the
     * rows it has written; read on first use.
     */
    private Map<Integer, int[]> stored;

    /** Whether nothing was stored when this ingest began: every day it writes is new. */
    private boolean firstLoad;

    /** The writer's stored hours, from which {@link #stored} is taken and which this ingest widens. */
    private final StoredHours storedHours;

    /** The first and last hour this ingest was given, by store id: what it widens them by. */
    private final Map<Integer, int[]> given = new HashMap<>();

    private boolean staged;
    private long received;
    private long written;

    /**
     * @param connection the writer connection, in the transaction the caller commits or rolls back
     * @param changedDays where the sensor-days this ingest writes are told, for the views
     * @param storedHours the writer's stored hours, widened by this ingest's once it merges
     * @throws SQLException when the database fails
     */
    public Loader(DuckDBConnection connection, ChangedDays changedDays, StoredHours storedHours) throws SQLException {
        this.connection = connection;
        this.changedDays = changedDays;
        this.storedHours = storedHours;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT store, store_id FROM stores")) {
            while (rs.next()) {
                storeIds.put(rs.getString(1), rs.getInt(2));
            }
        }
    }

    @Override
    public void accept(ReadingBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (staged) {
                // Staged readings were given first: they are merged before these are gathered.
                mergeStaged();
            }
            int[] ids = storeIds(batch.storeNames());
            noteGiven(batch, ids);
            long repeated = days.repeated();
            days.add(batch, ids);
            sumCells(batch, ids, days.repeated() > repeated);
            received += batch.size();
            if (days.rows() >= FLUSH_ROWS) {
                flush();
            }
        } catch (SQLException e) {
            throw new WarehouseException("Could not store readings: " + e.getMessage(), e);
        }
    }

    /**
     * The numbers of a batch's stores, by the batch's store index; stores new to the database are
     * numbered and stored in the ingest's transaction.
     */
    private int[] storeIds(List<String> names) throws SQLException {
        int[] ids = new int[names.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = storeId(names.get(i));
        }
        return ids;
    }

    private int storeId(String name) throws SQLException {
        Integer known = storeIds.get(name);
        if (known != null) {
            return known;
        }
        // Every new name enters here, from a batch or a parquet file: one a Store could not have (a
        // spreadsheet formula, say) is refused, never rewritten, so no export can carry it.
        Optional<String> problem = Store.formulaProblem(name);
        if (problem.isPresent()) {
            throw new WarehouseException("Cannot store readings of store '" + name + "': " + problem.get());
        }
        int id = storeIds.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stores VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, name);
            insert.execute();
        }
        storeIds.put(name, id);
        return id;
    }

    /**
     * Registers store names read by DuckDB itself (a parquet file), for {@link #stageQuery}.
     *
     * @param names store names, nulls ignored
     * @throws SQLException when the database fails
     */
    public void registerStores(Iterable<String> names) throws SQLException {
        for (String name : names) {
            if (name != null) {
                storeId(name);
            }
        }
    }

    /** @return the stored hours of each store id, read once */
    private Map<Integer, int[]> stored() throws SQLException {
        if (stored == null) {
            // A copy: this ingest widens it by what it writes, the writer's by what it was given.
            stored = new HashMap<>(storedHours.ranges(connection));
            firstLoad = stored.isEmpty();
        }
        return stored;
    }

    /** Remembers each store's first and last hour given, for {@link StoredHours#widen}. */
    private void noteGiven(ReadingBatch batch, int[] ids) {
        int[] first = new int[ids.length];
        int[] last = new int[ids.length];
        Arrays.fill(first, Integer.MAX_VALUE);
        Arrays.fill(last, Integer.MIN_VALUE);
        for (int i = 0, n = batch.size(); i < n; i++) {
            int store = batch.storeIndex(i);
            int hour = batch.epochHour(i);
            first[store] = Math.min(first[store], hour);
            last[store] = Math.max(last[store], hour);
        }
        for (int i = 0; i < ids.length; i++) {
            if (first[i] <= last[i]) {
                given.merge(ids[i], new int[] {first[i], last[i]}, StoredHours::span);
            }
        }
    }

    /**
     * Adds the readings to the cells of a first load ({@link ArrivingCells}), which this ingest
     * starts when nothing was stored before it: the rebuild at the load's end then need not read
     * them back. A reading that repeats a key abandons them.
     */
    private void sumCells(ReadingBatch batch, int[] ids, boolean repeats) throws SQLException {
        ArrivingCells cells = changedDays.arriving();
        if (cells == null && received == 0 && stored().isEmpty()) {
            cells = ArrivingCells.withinHeap();
            changedDays.arriving(cells);
        }
        if (cells == null) {
            return;
        }
        if (repeats) {
            cells.abandon("an ingest repeated a reading's key");
        } else {
            cells.add(batch, ids);
        }
    }

    /**
     * Writes the rows gathered: those of days outside their store's stored hours straight into the
     * table, the others through a merge.
     */
    private void flush() throws SQLException {
        int count = days.rows();
        if (count == 0) {
            return;
        }
        Map<Integer, int[]> ranges = stored();
        int[] fresh = new int[count];
        int[] later = new int[count];
        int[] known = new int[count];
        int freshCount = 0;
        int laterCount = 0;
        int knownCount = 0;
        Set<Integer> laterMasks = new TreeSet<>();
        for (int row = 0; row < count; row++) {
            int[] range = ranges.get(days.storeId(row));
            long first = (long) days.day(row) * ReadingDays.HOURS;
            if (range == null || first > range[1] || first + ReadingDays.HOURS - 1 < range[0]) {
                fresh[freshCount++] = row;
            } else if (first + Integer.numberOfTrailingZeros(days.present(row)) > range[1]) {
                later[laterCount++] = row;
                laterMasks.add(days.present(row));
            } else {
                known[knownCount++] = row;
            }
        }
        if (laterMasks.size() > LATER_MASKS) {
            // Too many kinds of hours for a statement each: merged like the others.
            System.arraycopy(later, 0, known, knownCount, laterCount);
            knownCount += laterCount;
            laterCount = 0;
        }
        if (freshCount > 0) {
            insert(fresh, freshCount);
        }
        if (laterCount > 0) {
            arriving(later, laterCount);
            addHours(laterMasks, later, laterCount);
        }
        if (knownCount > 0) {
            arriving(known, knownCount);
            mergeArriving();
        }
        // What this flush wrote is stored now: a later flush merges with it, or adds the hours after.
        for (int row = 0; row < count; row++) {
            int hour = days.day(row) * ReadingDays.HOURS;
            int present = days.present(row);
            ranges.merge(
                    days.storeId(row),
                    new int[] {
                        hour + Integer.numberOfTrailingZeros(present), hour + 31 - Integer.numberOfLeadingZeros(present)
                    },
                    StoredHours::span);
        }
        days.clear();
    }

    /** Writes rows into a new {@link #ARRIVING} table. */
    private void arriving(int[] rows, int count) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE OR REPLACE TEMP TABLE " + ARRIVING + " AS SELECT * FROM " + ReadingDays.TABLE + " LIMIT 0");
        }
        write(rows, count, "temp", ARRIVING);
    }

    /**
     * Adds the rows of {@link #ARRIVING}, whose hours all lie after the stored hours of their store
     * (the next hour of a day, as an hourly run brings), to their stored rows: no stored hour can
     * be replaced, so each row's hours are set and its masks widened, the columns of its hours alone,
     * one statement per set of hours; a row without a stored one is inserted. What the full merge
     * ({@link #mergeArriving}) takes 30 ms to decide for an hourly run's 4,000 rows is known here.
     */
    private void addHours(Set<Integer> masks, int[] rows, int count) throws SQLException {
        String keys = "r.store_id = a.store_id AND r.sensor_id = a.sensor_id AND r.epoch_day = a.epoch_day";
        int firstDay = Integer.MAX_VALUE;
        int lastDay = Integer.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            firstDay = Math.min(firstDay, days.day(rows[i]));
            lastDay = Math.max(lastDay, days.day(rows[i]));
            written += Integer.bitCount(days.present(rows[i]));
        }
        String inDays = "r.epoch_day BETWEEN " + firstDay + " AND " + lastDay;
        try (Statement statement = connection.createStatement()) {
            long updated = 0;
            for (int mask : masks) {
                List<String> set = new ArrayList<>();
                for (int hours = mask; hours != 0; hours &= hours - 1) {
                    int h = Integer.numberOfTrailingZeros(hours);
                    set.add("v" + h + " = a.v" + h);
                }
                for (String column : List.of("present", "failed", "closed", "anomalous")) {
                    set.add(column + " = r." + column + " | a." + column);
                }
                updated += statement.executeLargeUpdate(
                        "UPDATE " + ReadingDays.TABLE + " r SET " + String.join(", ", set) + " FROM " + ARRIVING
                                + " a WHERE a.present = " + mask + " AND " + inDays + " AND " + keys);
            }
            if (updated < count) {
                // A sensor whose day starts here (new to the store, or back from a gap).
                statement.execute("INSERT INTO " + ReadingDays.TABLE + " SELECT * FROM " + ARRIVING + " a WHERE NOT"
                        + " EXISTS (SELECT 1 FROM " + ReadingDays.TABLE + " r WHERE " + inDays + " AND " + keys + ")");
            }
            changedDays.add(connection, "SELECT store_id, sensor_id, epoch_day FROM " + ARRIVING);
            statement.execute("DROP TABLE " + ARRIVING);
        }
    }

    /** Inserts rows that no stored row shares a key with, and tells the views their days. */
    private void insert(int[] rows, int count) throws SQLException {
        write(rows, count, "main", ReadingDays.TABLE);
        int firstDay = Integer.MAX_VALUE;
        int lastDay = Integer.MIN_VALUE;
        Set<Integer> stores = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            written += Integer.bitCount(days.present(row));
            firstDay = Math.min(firstDay, days.day(row));
            lastDay = Math.max(lastDay, days.day(row));
            stores.add(days.storeId(row));
        }
        if (firstLoad) {
            changedDays.everything();
            return;
        }
        // Every stored row of these stores within these days: a superset that is cheap to find
        // (those days are new to each store, so little else lies there).
        changedDays.add(
                connection,
                "SELECT store_id, sensor_id, epoch_day FROM " + ReadingDays.TABLE + " WHERE epoch_day BETWEEN ? AND ?"
                        + " AND store_id IN ("
                        + stores.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + ")",
                firstDay,
                lastDay);
    }

    /** Writes rows of the buffer into a table, through Arrow when they are many and it works. */
    private void write(int[] rows, int count, String catalog, String table) throws SQLException {
        if (count >= ARROW_ROWS && ArrowStager.available()) {
            ArrowStager.insert(
                    connection,
                    allocator -> days.reader(allocator, rows, count, ArrowStager.SLICE_ROWS),
                    ("temp".equals(catalog) ? "temp.main." : "") + table);
            return;
        }
        try (DuckDBAppender appender = "temp".equals(catalog)
                ? connection.createAppender("temp", "main", table)
                : connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            days.append(appender, rows, count);
        }
    }

    /**
     * Merges the rows of {@link #ARRIVING} into the table: the rows whose hours change are replaced
     * by their merged rows, and their days told to the views.
     */
    private void mergeArriving() throws SQLException {
        ArrivingCells cells = changedDays.arriving();
        if (cells != null) {
            cells.abandon("an ingest merged readings; the rebuild reads them");
        }
        int firstDay;
        int lastDay;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MIN(epoch_day), MAX(epoch_day) FROM " + ARRIVING)) {
            rs.next();
            firstDay = rs.getInt(1);
            lastDay = rs.getInt(2);
        }
        String keys = "store_id, sensor_id, epoch_day";
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE OR REPLACE TEMP TABLE changed AS " + ReadingDays.merged(ARRIVING, firstDay, lastDay));
            long changed;
            try (ResultSet rs =
                    statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(bit_count(changed)), 0) FROM changed")) {
                rs.next();
                changed = rs.getLong(1);
                written += rs.getLong(2);
            }
            if (changed > 0) {
                statement.execute("DELETE FROM " + ReadingDays.TABLE + " r USING changed c WHERE r.epoch_day BETWEEN "
                        + firstDay + " AND " + lastDay
                        + " AND r.store_id = c.store_id AND r.sensor_id = c.sensor_id AND r.epoch_day = c.epoch_day");
                statement.execute("INSERT INTO " + ReadingDays.TABLE + " SELECT "
                        + String.join(", ", ReadingDays.columns()) + " FROM changed");
                changedDays.add(connection, "SELECT " + keys + " FROM changed");
            }
            statement.execute("DROP TABLE changed");
            statement.execute("DROP TABLE " + ARRIVING);
        }
    }

    /**
     * Stages the rows of a query that yields (seq, store_id, sensor_id, epoch_hour, status, visits,
     * anomaly), for inputs DuckDB reads itself (parquet); their stores must be registered first.
     * They are merged, the last one given for a key winning, before any reading given after them.
     *
     * @param select the query
     * @param parameters its bind parameters
     * @throws SQLException when the database fails
     */
    public void stageQuery(String select, Object... parameters) throws SQLException {
        // Readings given before are written first: these may replace them.
        flush();
        if (!staged) {
            try (Statement statement = connection.createStatement()) {
                // seq keeps the order readings were given in: the last one for a key wins.
                statement.execute("CREATE OR REPLACE TEMP TABLE staging (seq BIGINT, store_id INTEGER,"
                        + " sensor_id INTEGER, epoch_hour INTEGER, status TINYINT, visits INTEGER, anomaly BOOLEAN)");
            }
            staged = true;
        }
        long added;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staging " + select)) {
            for (int i = 0; i < parameters.length; i++) {
                insert.setObject(i + 1, parameters[i]);
            }
            added = insert.executeLargeUpdate();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT store_id, MIN(epoch_hour), MAX(epoch_hour) FROM staging GROUP BY store_id")) {
            while (rs.next()) {
                given.merge(rs.getInt(1), new int[] {rs.getInt(2), rs.getInt(3)}, StoredHours::span);
            }
        }
        received += added;
    }

    /** Turns the staged readings into rows, the last one given for a key winning, and merges them. */
    private void mergeStaged() throws SQLException {
        staged = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + ARRIVING + " AS "
                    + ReadingDays.pivot("SELECT "
                            + COLUMNS + " FROM staging QUALIFY row_number() OVER (PARTITION BY store_id, sensor_id,"
                            + " epoch_hour ORDER BY seq DESC) = 1"));
            statement.execute("DROP TABLE staging");
            boolean any;
            try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + ARRIVING + ")")) {
                rs.next();
                any = rs.getBoolean(1);
            }
            if (!any) {
                statement.execute("DROP TABLE " + ARRIVING);
                return;
            }
        }
        Map<Integer, int[]> ranges = stored();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT store_id, MIN(epoch_day) * 24, MAX(epoch_day) * 24 + 23"
                        + " FROM " + ARRIVING + " GROUP BY store_id")) {
            // What this merge writes is stored now: rows gathered after it merge with it.
            while (rs.next()) {
                ranges.merge(rs.getInt(1), new int[] {rs.getInt(2), rs.getInt(3)}, StoredHours::span);
            }
        }
        mergeArriving();
    }

    /**
     * Writes what is still gathered or staged; the caller commits.
     *
     * @return what was received and written
     * @throws SQLException when the database fails
     */
    public IngestResult merge() throws SQLException {
        long start = System.nanoTime();
        // Read before they are widened: the rows of the hours given are not stored yet.
        stored();
        // Before the writes: counted even when one fails halfway (wider is safe).
        storedHours.widen(connection, given);
        if (staged) {
            mergeStaged();
        }
        flush();
        LOG.debug(
                "Stored {} readings ({} written) in {} ms", received, written, (System.nanoTime() - start) / 1_000_000);
        return new IngestResult(received, written);
    }

    /**
     * Ends the ingest: what it gathered and did not merge is dropped (the caller rolls back).
     * Idempotent.
     */
    @Override
    public void close() {
        days.clear();
    }
}
