package org.sensorsandmore.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.csv.CsvReadResult;
import org.sensorsandmore.core.csv.ReadingCsvReader;

/**
 * One DuckDB database of readings, keyed by (store, sensor, hour), and the four views of them.
 *
 * <pre>{@code
 * try (Warehouse warehouse = Warehouse.open(Path.of("data/sensors.duckdb"));
 *         TrafficClient client = SimulatedClient.of(new FootfallModel(), StoreNetwork.original())) {
 *     warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1)));
 *     List<ViewRow> days = warehouse.query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of("Paris")));
 *     warehouse.export(Path.of("out"), FailurePolicy.EXCLUDE);
 * }
 * }</pre>
 *
 * <p><b>Ingest.</b> Every ingest runs in one transaction: it is all stored or not at all. A reading
 * whose key is already stored with the same values changes nothing ({@link IngestResult#written()}
 * is 0 for the same data twice); one with other values replaces the stored one; within one ingest
 * the last reading given for a key wins.
 *
 * <p><b>Views.</b> See {@link ViewQuery} and {@link ViewRow}. Baselines are the mean of {@code
 * visits} on the same weekday (and hour, when hourly) over the current and the previous weeks, by
 * date: a missing week is left out, not replaced by an older one.
 *
 * <p><b>Exports.</b> {@link #export} writes the four views as parquet folders hive-partitioned by
 * store ({@code sensor_hourly.parquet/store=Paris/…}) and as CSV files; {@link #exportReadings}
 * writes the raw readings as one parquet file. A reader sees the old files or the new ones.
 *
 * <p>This class is thread-safe: queries and exports run on connections of their own, each seeing
 * the last committed state, while ingests run one at a time. Close it once, when done.
 */
public final class Warehouse implements AutoCloseable {
    /** Where {@code sensors} commands keep the database unless told otherwise. */
    public static final Path DEFAULT_FILE = Path.of("data", "sensors.duckdb");

    private final DuckDBConnection root;
    private final DuckDBConnection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String where;

    private Warehouse(DuckDBConnection root, String where) throws SQLException {
        this.root = root;
        this.where = where;
        Schema.migrate(root, where);
        this.writer = root.duplicate();
        try (Statement statement = writer.createStatement()) {
            // Ingest only: DuckDB may then insert the slices of an Arrow stream on all its threads
            // instead of one (8.7 M readings in 0.6-0.7 s instead of 1.0-1.2 s). Nothing the writer
            // runs depends on the order rows land in; readers and exports have connections of their
            // own, where every query orders its rows.
            statement.execute("SET SESSION preserve_insertion_order = false");
        }
        writer.setAutoCommit(false);
    }

    /**
     * Opens a database file, creating it, its folder and its schema when missing, and migrating an
     * older schema.
     *
     * @param file the database file
     * @return the warehouse
     * @throws DatabaseInUseException when another process holds the file
     * @throws WarehouseException when the file cannot be opened (it is not a DuckDB database, its
     *     schema is newer than this library)
     */
    public static Warehouse open(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new WarehouseException("Cannot create the folder of the database " + file + ": " + e, e);
        }
        return connect("jdbc:duckdb:" + absolute, file.toString());
    }

    /** @return a warehouse in memory, gone when closed */
    public static Warehouse inMemory() {
        return connect("jdbc:duckdb:", "in memory");
    }

    private static Warehouse connect(String url, String where) {
        DuckDBConnection connection = null;
        try {
            Properties properties = new Properties();
            // Results stream from DuckDB instead of being materialised whole: exports and large
            // queries stay in bounded memory.
            properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
            return new Warehouse(connection, where);
        } catch (SQLException e) {
            closeQuietly(connection);
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock on file")) {
                Matcher pid = Pattern.compile("\\(PID (\\d+)\\)").matcher(message);
                throw new DatabaseInUseException(
                        "Cannot open " + where + ": the database is in use by another process"
                                + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                                + "; stop it or use another database file",
                        e);
            }
            throw new WarehouseException("Cannot open the database " + where + ": " + firstLine(e), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Fetches a window from a client and stores it, replacing what was stored for the same keys.
     *
     * @param client where the readings come from
     * @param window the hours
     * @return what was received and written
     */
    public IngestResult ingest(TrafficClient client, HourWindow window) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(window, "window");
        return write("the window " + window, loader -> client.readings(window, loader));
    }

    /**
     * Stores readings given as columns.
     *
     * @param batch the readings
     * @return what was received and written
     */
    public IngestResult ingest(ReadingBatch batch) {
        Objects.requireNonNull(batch, "batch");
        return write("a batch", loader -> loader.accept(batch));
    }

    /**
     * Stores readings given one by one.
     *
     * @param readings the readings
     * @return what was received and written
     */
    public IngestResult ingest(Iterable<Reading> readings) {
        Objects.requireNonNull(readings, "readings");
        return write("readings", loader -> {
            ReadingBatch batch = ReadingBatch.create(4096);
            for (Reading reading : readings) {
                batch.add(reading);
                if (batch.size() == batch.capacity()) {
                    loader.accept(batch);
                    batch.clear();
                }
            }
            loader.accept(batch);
        });
    }

    /**
     * Stores the readings of a CSV file in either format (the library's or the original's). Rows
     * that cannot be read are not stored; they are reported in the result with their line numbers.
     *
     * @param file the CSV file
     * @return the reader's account and what was written
     */
    public CsvIngestResult ingestCsv(Path file) {
        Objects.requireNonNull(file, "file");
        CsvReadResult[] read = new CsvReadResult[1];
        IngestResult ingest = write(
                file.toString(), loader -> read[0] = ReadingCsvReader.create().read(file, loader));
        return new CsvIngestResult(read[0], ingest);
    }

    /**
     * Stores the readings of a parquet file written by {@link #exportReadings} (columns {@code store,
     * sensor_id, hour, status, visits, anomaly}).
     *
     * @param file the parquet file
     * @return what was received and written
     * @throws WarehouseException when the file is missing, is not such a file, or holds a bad value
     */
    public IngestResult ingestParquet(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new WarehouseException("No parquet file at " + file);
        }
        return write(file.toString(), loader -> {
            String path = file.toAbsolutePath().toString();
            try {
                List<String> names = new ArrayList<>();
                try (PreparedStatement distinct =
                        writer.prepareStatement("SELECT DISTINCT store FROM read_parquet(?) WHERE store IS NOT NULL")) {
                    distinct.setString(1, path);
                    try (ResultSet rs = distinct.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                }
                loader.registerStores(names);
                loader.stageQuery(
                        "SELECT p.file_row_number, s.store_id, p.sensor_id, CAST(floor(epoch(p.hour) / 3600) AS INTEGER),"
                                + " CASE p.status WHEN 'OK' THEN 0 WHEN 'FAILED' THEN 1 WHEN 'NOT_OPEN' THEN 2 END,"
                                + " CASE WHEN p.status = 'FAILED' THEN NULL ELSE p.visits END, p.anomaly"
                                + " FROM read_parquet(?, file_row_number = true) p LEFT JOIN stores s ON s.store = p.store",
                        path);
                checkStaged(file);
            } catch (SQLException e) {
                throw new WarehouseException("Cannot read the parquet file " + file + ": " + firstLine(e), e);
            }
        });
    }

    /** Refuses staged rows that no reading could have: the parquet came from outside. */
    private void checkStaged(Path file) throws SQLException {
        try (Statement statement = writer.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT s.store, g.sensor_id, g.status, g.visits FROM staging g LEFT JOIN stores s USING (store_id)"
                                + " WHERE g.store_id IS NULL OR g.sensor_id IS NULL OR g.sensor_id < 0 OR g.epoch_hour IS NULL"
                                + " OR g.status IS NULL OR (g.status <> 1 AND (g.visits IS NULL OR g.visits < 0))"
                                + " OR (g.status = 2 AND g.visits <> 0) LIMIT 1")) {
            if (rs.next()) {
                throw new WarehouseException("The parquet file " + file + " holds a row that is not a reading: store "
                        + rs.getString(1) + ", sensor_id " + rs.getObject(2) + ", status " + rs.getObject(3)
                        + ", visits " + rs.getObject(4));
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Loader loader) throws SQLException;
    }

    private IngestResult write(String what, Work work) {
        return write(what, work, (connection, result) -> {});
    }

    private IngestResult write(String what, Work work, BeforeCommit beforeCommit) {
        writeLock.lock();
        try (Loader loader = new Loader(writer)) {
            try {
                work.run(loader);
                IngestResult result = loader.merge();
                beforeCommit.run(writer, result);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // Closed first: an insert still running on the loader's own thread ends before the
                // rollback uses the connection.
                loader.close();
                rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot ingest " + what + " into " + where + ": " + firstLine(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            // The original failure is what the caller needs to see.
        }
    }

    /**
     * @param query the view and filters
     * @return the rows, ordered by store, sensor, date, hour
     */
    public List<ViewRow> query(ViewQuery query) {
        List<ViewRow> rows = new ArrayList<>();
        query(query, rows::add);
        return rows;
    }

    /**
     * Streams the rows of a query, in the order of {@link #query(ViewQuery)}, without holding them all.
     *
     * @param query the view and filters
     * @param sink receives each row
     */
    public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        ViewSql.Bound bound = ViewSql.filtered(query);
        View view = query.view();
        try (Connection connection = reader();
                PreparedStatement statement = connection.prepareStatement(bound.sql())) {
            for (int i = 0; i < bound.parameters().size(); i++) {
                statement.setObject(i + 1, bound.parameters().get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(view, rs));
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot query " + query + " in " + where + ": " + firstLine(e), e);
        }
    }

    private static ViewRow row(View view, ResultSet rs) throws SQLException {
        boolean sensor = view.level() == Level.SENSOR;
        boolean hourly = view.resolution() == Resolution.HOURLY;
        return new ViewRow(
                rs.getString("store"),
                sensor ? rs.getInt("sensor_id") : null,
                rs.getObject("date", LocalDate.class),
                hourly ? rs.getInt("hour") : null,
                rs.getInt("weekday"),
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

    /** @return what is stored for each store, by store name */
    public List<StoreCoverage> coverage() {
        List<StoreCoverage> result = new ArrayList<>();
        try (Connection connection = reader();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT s.store, r.sensor_id, r.first_hour, r.last_hour,"
                        + " r.readings, r.failed FROM (SELECT store_id, sensor_id, MIN(epoch_hour) AS first_hour,"
                        + " MAX(epoch_hour) AS last_hour, COUNT(*) AS readings,"
                        + " SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END) AS failed"
                        + " FROM readings GROUP BY store_id, sensor_id) r JOIN stores s USING (store_id)"
                        + " ORDER BY s.store, r.sensor_id")) {
            String store = null;
            List<Integer> sensors = new ArrayList<>();
            LocalDateTime first = null;
            LocalDateTime last = null;
            long readings = 0;
            long failed = 0;
            while (rs.next()) {
                String name = rs.getString(1);
                if (!name.equals(store)) {
                    if (store != null) {
                        result.add(new StoreCoverage(store, sensors, first, last, readings, failed));
                    }
                    store = name;
                    sensors = new ArrayList<>();
                    first = null;
                    last = null;
                    readings = 0;
                    failed = 0;
                }
                sensors.add(rs.getInt(2));
                LocalDateTime min = Hours.ofEpochHour(rs.getInt(3));
                LocalDateTime max = Hours.ofEpochHour(rs.getInt(4));
                first = first == null || min.isBefore(first) ? min : first;
                last = last == null || max.isAfter(last) ? max : last;
                readings += rs.getLong(5);
                failed += rs.getLong(6);
            }
            if (store != null) {
                result.add(new StoreCoverage(store, sensors, first, last, readings, failed));
            }
            return result;
        } catch (SQLException e) {
            throw new WarehouseException("Cannot read the coverage of " + where + ": " + firstLine(e), e);
        }
    }

    /**
     * Writes the four views into a folder: {@code sensor_hourly.parquet/} … (hive-partitioned by
     * store) and {@code sensor_hourly.csv} …, all from one consistent state of the database. Each
     * file or folder replaces the previous one by a rename, so a reader never sees a half-written
     * one.
     *
     * @param directory the output folder, created when missing
     * @param policy what a failed reading counts
     * @return the rows written per view
     */
    public ExportResult export(Path directory, FailurePolicy policy) {
        return export(directory, policy, EnumSet.allOf(ExportFormat.class));
    }

    /**
     * Writes the four views into a folder in some formats only, as {@link #export(Path,
     * FailurePolicy)} does for both. Asking for one format saves the other's writing (a year of a
     * large fleet's hourly rows is gigabytes of CSV) and a copy of each view: the sorted view goes
     * straight into its file. Files of a format not asked for are left as they are.
     *
     * @param directory the output folder, created when missing
     * @param policy what a failed reading counts
     * @param formats the formats to write, at least one
     * @return the rows written per view
     */
    public ExportResult export(Path directory, FailurePolicy policy, Set<ExportFormat> formats) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(formats, "formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("Name at least one export format");
        }
        try (Connection connection = reader()) {
            return Exports.views(connection, directory, policy, EnumSet.copyOf(formats));
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot export the views of " + where + " to " + directory + ": " + firstLine(e), e);
        }
    }

    /**
     * Writes every stored reading into one parquet file (columns {@code store, sensor_id, hour,
     * status, visits, anomaly}, ordered by store, sensor and hour) through parquet-hadoop, streamed
     * in bounded memory. The file appears by a rename once complete. {@link #ingestParquet} reads it
     * back.
     *
     * @param file the parquet file
     * @return the readings written
     */
    public long exportReadings(Path file) {
        Objects.requireNonNull(file, "file");
        try (Connection connection = reader()) {
            return RawParquet.write(connection, file);
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot export the readings of " + where + " to " + file + ": " + firstLine(e), e);
        }
    }

    // ---- The pipeline's seam: its state lives in the same file and commits in the same transactions.

    /** Work on a connection, for the pipeline's tables. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A step run in an ingest's transaction, after the readings are merged, before the commit. */
    @FunctionalInterface
    interface BeforeCommit {
        void run(Connection connection, IngestResult result) throws SQLException;
    }

    /** Runs read-only work on a connection that sees the last committed state. */
    <T> T readState(SqlWork<T> work) {
        try (Connection connection = reader()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot read the pipeline state of " + where + ": " + firstLine(e), e);
        }
    }

    /** Runs work in one write transaction, committed when it returns, rolled back when it throws. */
    <T> T writeState(SqlWork<T> work) {
        writeLock.lock();
        try {
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot write the pipeline state of " + where + ": " + firstLine(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Fetches a window for some stores and stores it, running {@code beforeCommit} in the same
     * transaction: readings and the pipeline's state are committed together or not at all.
     */
    IngestResult ingest(TrafficClient client, HourWindow window, Collection<String> stores, BeforeCommit beforeCommit) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(window, "window");
        return write("the window " + window, loader -> client.readings(window, stores, loader), beforeCommit);
    }

    /** Writes the four views into a folder, atomically, counting failures out. */
    void exportViews(Path directory) {
        export(directory, FailurePolicy.EXCLUDE);
    }

    /** A connection of its own for one read: DuckDB connections are not safe to share across threads. */
    Connection reader() throws SQLException {
        DuckDBConnection connection = root.duplicate();
        connection.setAutoCommit(true);
        return connection;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer);
            closeQuietly(root);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing left to do with a connection that cannot close.
            }
        }
    }

    /** DuckDB messages span lines (context, hints): one line, as the command prints it. */
    static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
