package org.sensorsandmore.sql.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.ArrivingCells;
import org.sensorsandmore.sql.materialized.ChangedDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest, in the caller's transaction. Readings that cannot collide with anything go straight
 * into {@code readings}; the others are staged and merged by key.
 *
 * <p>A batch goes straight in when no key of it was seen before in this ingest ({@link KeyTracker})
 * and every reading lies outside the hours already stored for its store: a first load, the next
 * hours of a pipeline. Once a batch cannot, it and every later one are staged: a temporary table
 * merged by {@link #merge} into {@code readings}, which keeps the last reading given for a key,
 * skips readings equal to the stored ones (so ingesting the same data twice writes nothing) and
 * replaces the others.
 *
 * <p>Readings reach DuckDB through its Appender until an ingest has been given {@link #ARROW_FROM}
 * of them, then through Arrow ({@link ArrowStager}), about ten times the Appender's rate, when the
 * JVM lets Arrow work.
 *
 * <p>Stores are numbered in table {@code stores}; a store new to the database gets the next number
 * in the same transaction. Not thread-safe: one ingest at a time on the writer connection.
 */
public final class Loader implements ReadingSink, AutoCloseable {
    /** The columns of {@code readings}, in order, as every insert into it names them. */
    static final String COLUMNS = "store_id, sensor_id, epoch_hour, status, visits, anomaly";

    /**
     * The readings an ingest takes through the Appender before it starts Arrow. Arrow's start costs
     * about half a second in a new JVM (its classes and Jackson's, which its schema loads); the
     * Appender takes this many in about 50 ms. An hourly pipeline run (4,000 readings of a
     * 400-store fleet) then never starts it.
     */
    static final long ARROW_FROM = ArrowStager.SLICE_ROWS;

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    private final DuckDBConnection connection;
    private final ChangedDays changedDays;
    private final Map<String, Integer> storeIds = new HashMap<>();
    /** The first and last epoch hour inserted straight into {@code readings}, of all stores. */
    private int firstDirectHour = Integer.MAX_VALUE;

    private int lastDirectHour = Integer.MIN_VALUE;
    /** The store ids of the readings inserted straight into {@code readings}. */
    private final Set<Integer> directStores = new HashSet<>();

    private final KeyTracker keys = new KeyTracker();
    /** The Appenders into {@code readings} and {@code staging}, open while they take readings. */
    private DuckDBAppender directAppender;

    private DuckDBAppender stagingAppender;
    /** Arrow, once the ingest is large enough ({@link #ARROW_FROM}) and Arrow works. */
    private ArrowStager arrow;
    /** The first and last stored epoch hour of each store id, before this ingest; read on first use. */
    private Map<Integer, int[]> stored;

    /** The writer's stored hours, from which {@link #stored} is taken and which this ingest widens. */
    private final StoredHours storedHours;

    /** The first and last hour this ingest was given, by store id: what it widens them by. */
    private final Map<Integer, int[]> given = new HashMap<>();

    private boolean staging;
    private boolean closed;
    private boolean stagingCreated;
    private long received;
    private long direct;
    private long staged;
    private long minStagedHour = Long.MAX_VALUE;
    private long maxStagedHour = Long.MIN_VALUE;

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
            int[] ids = storeIds(batch.storeNames());
            noteGiven(batch, ids);
            keys.add(batch);
            if (arrow == null && received + batch.size() > ARROW_FROM && ArrowStager.available()) {
                // What the Appenders gathered is written first: Arrow's inserts then follow it.
                flush();
                arrow = new ArrowStager(connection);
            }
            if (!staging && (keys.maybeRepeated() || overlapsStored(batch, ids))) {
                // From here on every reading is staged, so that a later reading for a key still
                // replaces an earlier one.
                flush();
                staging = true;
                createStaging();
            }
            if (staging) {
                stage(batch, ids);
            } else {
                if (arrow != null) {
                    arrow.append(batch, ids, received, ArrowStager.Target.READINGS);
                } else {
                    if (directAppender == null || directAppender.isClosed()) {
                        directAppender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "readings");
                    }
                    append(directAppender, batch, ids, false);
                }
                direct += batch.size();
                noteDirect(batch, ids);
                sumCells(batch, ids);
            }
            received += batch.size();
        } catch (SQLException e) {
            throw new WarehouseException("Could not stage readings: " + e.getMessage(), e);
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
        awaitInsert();
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

    /** @return whether a reading of the batch falls within the hours stored for its store */
    private boolean overlapsStored(ReadingBatch batch, int[] ids) throws SQLException {
        if (stored == null) {
            awaitInsert();
            // A copy: this ingest's own hours are not stored ones (KeyTracker sees its repeats).
            stored = new HashMap<>(storedHours.ranges(connection));
        }
        if (stored.isEmpty()) {
            return false;
        }
        int[][] ranges = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            ranges[i] = stored.get(ids[i]);
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            int[] range = ranges[batch.storeIndex(i)];
            int hour = batch.epochHour(i);
            if (range != null && hour >= range[0] && hour <= range[1]) {
                return true;
            }
        }
        return false;
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

    /** Remembers where a batch that goes straight in lies, for {@link #tellChangedDays}. */
    private void noteDirect(ReadingBatch batch, int[] ids) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            int hour = batch.epochHour(i);
            firstDirectHour = Math.min(firstDirectHour, hour);
            lastDirectHour = Math.max(lastDirectHour, hour);
        }
        for (int id : ids) {
            directStores.add(id);
        }
    }

    /**
     * Adds readings inserted straight in to the cells of a first load ({@link ArrivingCells}), which
     * this ingest starts when nothing was stored before it: the rebuild at the load's end then need
     * not read them back.
     */
    private void sumCells(ReadingBatch batch, int[] ids) {
        ArrivingCells cells = changedDays.arriving();
        if (cells == null && received == 0 && stored != null && stored.isEmpty()) {
            cells = ArrivingCells.withinHeap();
            changedDays.arriving(cells);
        }
        if (cells != null) {
            cells.add(batch, ids);
        }
    }

    /**
     * Tells the views which sensor-days the readings inserted straight in fall on: every stored
     * reading of their stores within their hours, a superset that is cheap to find (those hours
     * are new to each store, so little else lies there). When nothing was stored before, every
     * day changed.
     */
    private void tellChangedDays() throws SQLException {
        if (direct == 0) {
            return;
        }
        if (stored != null && stored.isEmpty()) {
            changedDays.everything();
            return;
        }
        changedDays.add(
                connection,
                "SELECT DISTINCT store_id, sensor_id, " + ChangedDays.epochDay("epoch_hour")
                        + " FROM readings WHERE epoch_hour BETWEEN ? AND ? AND store_id IN ("
                        + directStores.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")",
                firstDirectHour,
                lastDirectHour);
    }

    private void createStaging() throws SQLException {
        if (stagingCreated) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // seq keeps the order readings were given in: the last one for a key wins.
            statement.execute("CREATE OR REPLACE TEMP TABLE staging (seq BIGINT, store_id INTEGER, sensor_id INTEGER,"
                    + " epoch_hour INTEGER, status TINYINT, visits INTEGER, anomaly BOOLEAN)");
        }
        stagingCreated = true;
    }

    private void stage(ReadingBatch batch, int[] ids) throws SQLException {
        for (int i = 0, n = batch.size(); i < n; i++) {
            int epochHour = batch.epochHour(i);
            minStagedHour = Math.min(minStagedHour, epochHour);
            maxStagedHour = Math.max(maxStagedHour, epochHour);
        }
        staged += batch.size();
        if (arrow != null) {
            arrow.append(batch, ids, received, ArrowStager.Target.STAGING);
            return;
        }
        if (stagingAppender == null || stagingAppender.isClosed()) {
            stagingAppender = connection.createAppender("temp", "main", "staging");
        }
        append(stagingAppender, batch, ids, true);
    }

    /**
     * Appends a batch's readings, in the columns of {@code readings}, after {@code seq} (the order
     * given, {@link #received} on) when staged.
     */
    private void append(DuckDBAppender appender, ReadingBatch batch, int[] ids, boolean staged) throws SQLException {
        for (int i = 0, n = batch.size(); i < n; i++) {
            appender.beginRow();
            if (staged) {
                appender.append(received + i);
            }
            appender.append(ids[batch.storeIndex(i)]);
            appender.append(batch.sensorId(i));
            appender.append(batch.epochHour(i));
            ReadingStatus status = batch.status(i);
            appender.append(status.code());
            if (status == ReadingStatus.FAILED) {
                appender.appendNull();
            } else {
                appender.append(batch.visits(i));
            }
            appender.append(batch.anomaly(i));
            appender.endRow();
        }
    }

    /**
     * Stages the rows of a query that yields (seq, store_id, sensor_id, epoch_hour, status, visits,
     * anomaly), for inputs DuckDB reads itself (parquet); their stores must be registered first.
     *
     * @param select the query
     * @param parameters its bind parameters
     * @throws SQLException when the database fails
     */
    public void stageQuery(String select, Object... parameters) throws SQLException {
        flush();
        staging = true;
        createStaging();
        keys.untracked();
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
        staged += added;
        try (Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT COUNT(*), MIN(epoch_hour), MAX(epoch_hour) FROM staging")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                minStagedHour = Math.min(minStagedHour, rs.getLong(2));
                maxStagedHour = Math.max(maxStagedHour, rs.getLong(3));
            }
        }
    }

    /**
     * Writes what is still gathered and merges the staged readings into {@code readings}; the caller
     * commits.
     *
     * @return what was received and written
     * @throws SQLException when the database fails
     */
    public IngestResult merge() throws SQLException {
        flush();
        tellChangedDays();
        // Before the merge writes: counted even when it fails halfway (wider is safe).
        storedHours.widen(connection, given);
        long start = System.nanoTime();
        if (staged > 0 && changedDays.arriving() != null) {
            changedDays.arriving().abandon("an ingest merged readings; the rebuild reads them");
        }
        if (staged == 0) {
            LOG.debug("Inserted {} new readings", direct);
            return new IngestResult(received, direct);
        }
        // The last reading given for a key wins (seq follows the order given).
        String latest = keys.maybeRepeated()
                ? "SELECT * FROM staging"
                        + " QUALIFY row_number() OVER (PARTITION BY store_id, sensor_id, epoch_hour ORDER BY seq DESC) = 1"
                : "SELECT * FROM staging";
        long written;
        if (!anyStored()) {
            // Nothing stored in these hours (a first load, a new hour): every reading is new, so
            // the comparison with stored readings and the copy it needs are skipped.
            try (Statement statement = connection.createStatement()) {
                written = statement.executeLargeUpdate(
                        "INSERT INTO readings SELECT " + COLUMNS + " FROM (" + latest + ") latest");
            }
            changedDays.add(
                    connection,
                    "SELECT DISTINCT store_id, sensor_id, " + ChangedDays.epochDay("epoch_hour") + " FROM staging");
        } else {
            try (PreparedStatement changed = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE changed AS"
                    + " SELECT f.store_id, f.sensor_id, f.epoch_hour, f.status, f.visits, f.anomaly"
                    + " FROM (" + latest + ") f"
                    + " LEFT JOIN (SELECT * FROM readings WHERE epoch_hour BETWEEN ? AND ?) r"
                    + "   ON r.store_id = f.store_id AND r.sensor_id = f.sensor_id AND r.epoch_hour = f.epoch_hour"
                    + " WHERE r.store_id IS NULL OR r.status <> f.status OR r.visits IS DISTINCT FROM f.visits"
                    + "   OR r.anomaly <> f.anomaly")) {
                changed.setLong(1, minStagedHour);
                changed.setLong(2, maxStagedHour);
                changed.execute();
            }
            written = count("SELECT COUNT(*) FROM changed");
            if (written > 0) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM readings r USING changed c"
                        + " WHERE r.epoch_hour BETWEEN ? AND ? AND r.store_id = c.store_id"
                        + " AND r.sensor_id = c.sensor_id AND r.epoch_hour = c.epoch_hour")) {
                    delete.setLong(1, minStagedHour);
                    delete.setLong(2, maxStagedHour);
                    delete.execute();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO readings SELECT " + COLUMNS + " FROM changed");
                }
                changedDays.add(
                        connection,
                        "SELECT DISTINCT store_id, sensor_id, " + ChangedDays.epochDay("epoch_hour") + " FROM changed");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE changed");
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE staging");
        }
        stagingCreated = false;
        LOG.debug(
                "Inserted {} new readings, merged {} staged ({} written) in {} ms",
                direct,
                staged,
                written,
                (System.nanoTime() - start) / 1_000_000);
        return new IngestResult(received, direct + written);
    }

    /** Writes what is gathered, staged or not, and waits until it is written. */
    private void flush() throws SQLException {
        if (arrow != null) {
            arrow.drain();
        }
        for (DuckDBAppender appender : new DuckDBAppender[] {directAppender, stagingAppender}) {
            if (appender != null && !appender.isClosed()) {
                appender.close();
            }
        }
    }

    /** Waits until the connection is free of Arrow's insert in progress. */
    private void awaitInsert() throws SQLException {
        if (arrow != null) {
            arrow.await();
        }
    }

    /** @return whether {@code readings} holds a reading in the staged hours (this ingest's own included) */
    private boolean anyStored() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM readings WHERE epoch_hour BETWEEN ? AND ?)")) {
            statement.setLong(1, minStagedHour);
            statement.setLong(2, maxStagedHour);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Ends the ingest's work on the connection; the caller commits or rolls back. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arrow != null) {
            arrow.close();
        }
        for (DuckDBAppender appender : new DuckDBAppender[] {directAppender, stagingAppender}) {
            try {
                if (appender != null && !appender.isClosed()) {
                    appender.close();
                }
            } catch (SQLException e) {
                // Closing after a failure: the transaction is rolled back by the caller anyway.
            }
        }
    }
}
