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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.csv.CsvReadResult;
import org.sensorsandmore.core.csv.ReadingCsvReader;
import org.sensorsandmore.sql.export.Exports;
import org.sensorsandmore.sql.export.MaintainedExport;
import org.sensorsandmore.sql.materialized.ArrivingCells;
import org.sensorsandmore.sql.materialized.ChangedDays;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.materialized.StoredCoverage;
import org.sensorsandmore.sql.materialized.StoredViewSql;
import org.sensorsandmore.sql.parquet.RawParquet;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.publish.Publisher;
import org.sensorsandmore.sql.storage.DatabaseFile;
import org.sensorsandmore.sql.storage.Loader;
import org.sensorsandmore.sql.storage.ReadingDays;
import org.sensorsandmore.sql.storage.Schema;
import org.sensorsandmore.sql.storage.StoredHours;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.StatusCodes;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewSource;
import org.sensorsandmore.sql.views.ViewSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Work of the caller's own.</b> {@link #inTransaction} runs work in one write transaction, in
 * which it may write tables of its own on the {@link Transaction#connection() connection} and
 * {@link Transaction#ingest ingest}: all of it is committed together, or none of it (the pipeline
 * commits a chunk's readings with its watermarks and run-log counts so). {@link #read} runs
 * read-only work on a connection that sees the last committed state.
 *
 * <p>This class is thread-safe: queries and exports run on connections of their own, each seeing
 * the last committed state, while ingests and other write transactions run one at a time. Close it
 * once, when done.
 */
public final class Warehouse implements AutoCloseable, ViewSource {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

    /** Where {@code sensors} commands keep the database unless told otherwise. */
    public static final Path DEFAULT_FILE = Path.of("data", "sensors.duckdb");

    private final DuckDBConnection root;
    private final DuckDBConnection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String where;
    /** The database file; null in memory. */
    private final Path file;
    /** Where the views are published for readers of other processes; null in memory. */
    private final Path published;

    /** Whether a commit's views wait to be published; under the write lock. */
    private boolean publishPending;

    /**
     * Whether days wait for their view rows ({@link MaterializedViews#defer}); under the write lock,
     * volatile for {@link #catchUpViews}'s look before it takes the lock.
     */
    private volatile boolean viewsPending;

    /**
     * Whether the days waiting include every day (a first load deferred its views): the next
     * maintenance is then a rebuild, so a commit need not gather which days it changed. Under the
     * write lock.
     */
    private boolean everythingPending;

    /**
     * The cells a first load sums as its commits insert readings, while its rebuild waits
     * ({@link #everythingPending}); null otherwise.
     */
    private ArrivingCells arriving;

    /** Each store's stored hours, read once and widened by every ingest; under the write lock. */
    private final StoredHours storedHours = new StoredHours();

    /** Since when ({@link System#nanoTime}) days wait for their view rows; under the write lock. */
    private long behindSince;

    /** How long the last commit that caught deferred views up took, maintenance and publish. */
    private long lastCatchUpNanos;

    private Warehouse(DuckDBConnection root, Path file, String where, Path published) throws SQLException {
        this.root = root;
        this.file = file;
        this.where = where;
        this.published = published;
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
        viewsPending = MaterializedViews.hasPending(writer);
        if (viewsPending) {
            // An earlier process committed readings whose views it was killed before maintaining.
            try {
                catchUpViews();
            } catch (WarehouseException e) {
                // The views stay as the earlier process left them, whole; the next write tries again.
                LOG.warn("Opened with the views behind the readings: {}", e.getMessage());
            }
        } else {
            // What an earlier process committed but could not publish (it was killed, the disk was full).
            publish(false);
        }
    }

    /**
     * Opens a database file, creating it, its folder and its schema when missing, and migrating an
     * older schema.
     *
     * @param file the database file
     * @return the warehouse
     * @throws DatabaseInUseException when another process holds the file
     * @throws WarehouseException when the file cannot be opened (it is a folder, not a DuckDB
     *     database, a truncated one, its schema is newer than this library)
     */
    public static Warehouse open(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        // Before DuckDB: it would open a short non-database file as a new database.
        DatabaseFile.checkHeader(absolute, file.toString());
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new WarehouseException("Cannot create the folder of the database " + file + ": " + e, e);
        }
        return connect("jdbc:duckdb:" + absolute, absolute, file.toString(), PublishedViews.folderOf(absolute));
    }

    /**
     * About what one stored reading takes on disk, the database and its published views together:
     * a year of a 400-store fleet, 35.1 M readings, took 195 MB and 179 MB.
     */
    public static final int BYTES_PER_READING = 11;

    /** @return the database file, absolute; empty for a warehouse in memory */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** @return a warehouse in memory, gone when closed */
    public static Warehouse inMemory() {
        return connect("jdbc:duckdb:", null, "in memory", null);
    }

    private static Warehouse connect(String url, Path file, String where, Path published) {
        DuckDBConnection connection = null;
        // Before DuckDB opens it: an open may write to the file.
        boolean unchanged = file != null && DatabaseFile.unchangedSinceClosed(file);
        try {
            Properties properties = new Properties();
            // Results stream from DuckDB instead of being materialised whole: exports and large
            // queries stay in bounded memory.
            properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
            if (file != null && !unchanged) {
                // Before the schema migration writes: a truncated file would fail in the middle of a
                // transaction instead, and every later write with it.
                DatabaseFile.checkBlocks(connection, file, where);
            }
            return new Warehouse(connection, file, where, published);
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
        return ingest("the window " + window, loader -> client.readings(window, loader));
    }

    /**
     * Stores readings given as columns.
     *
     * @param batch the readings
     * @return what was received and written
     */
    public IngestResult ingest(ReadingBatch batch) {
        Objects.requireNonNull(batch, "batch");
        return ingest("a batch", loader -> loader.accept(batch));
    }

    /**
     * Stores readings given one by one.
     *
     * @param readings the readings
     * @return what was received and written
     */
    public IngestResult ingest(Iterable<Reading> readings) {
        Objects.requireNonNull(readings, "readings");
        return ingest("readings", loader -> {
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
        IngestResult ingest = ingest(
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
        return ingest(file.toString(), loader -> {
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
                                + " " + StatusCodes.ofName("p.status") + ","
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
                                + " OR g.status IS NULL OR (" + StatusCodes.isNot("g.status", ReadingStatus.FAILED)
                                + " AND (g.visits IS NULL OR g.visits < 0))"
                                + " OR (" + StatusCodes.is("g.status", ReadingStatus.NOT_OPEN)
                                + " AND g.visits <> 0) LIMIT 1")) {
            if (rs.next()) {
                throw new WarehouseException("The parquet file " + file + " holds a row that is not a reading: store "
                        + rs.getString(1) + ", sensor_id " + rs.getObject(2) + ", status " + rs.getObject(3)
                        + ", visits " + rs.getObject(4));
            }
        }
    }

    /** What an ingest feeds its loader. */
    @FunctionalInterface
    private interface Work {
        void run(Loader loader) throws SQLException;
    }

    /** Work in a write transaction, with the loaders' side of it. */
    @FunctionalInterface
    private interface WriteWork<T> {
        T run(WriteTransaction transaction) throws SQLException;
    }

    /** One of the warehouse's own ingests: a transaction of its own holding that ingest alone. */
    private IngestResult ingest(String what, Work work) {
        return transaction(ingestFailure(what), transaction -> transaction.load(work));
    }

    /** What a failed ingest is reported as, before the database's first line. */
    private String ingestFailure(String what) {
        return "Cannot ingest " + what + " into " + where;
    }

    /**
     * Runs work in one write transaction, under the writer lock: committed when the work returns,
     * rolled back when it throws (or when an ingest of it failed).
     *
     * @param failure what a database error is reported as, before its first line
     */
    private <T> T transaction(String failure, WriteWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            // A nested one would commit part of the outer transaction.
            throw new IllegalStateException(
                    "Warehouse transactions do not nest: use the Transaction handed to the running work");
        }
        WriteTransaction transaction = new WriteTransaction();
        writeLock.lock();
        try {
            if (everythingPending) {
                // A rebuild waits: which days this commit changes would only be gathered to be dropped
                // (a GROUP BY over each chunk of a first catch-up).
                transaction.changedDays.everything();
                transaction.changedDays.arriving(arriving);
            }
            try {
                T result = work.run(transaction);
                transaction.requireNoFailedIngest();
                long start = System.nanoTime();
                boolean pending = viewsPending;
                boolean deferred = transaction.viewsDeferred && (!pending || start - behindSince <= maxViewLag());
                boolean deferredNow = false;
                boolean deferredEverything = transaction.changedDays.isEverything();
                if (deferred) {
                    // The days wait in the database for the series' last commit: readers keep
                    // seeing the views of the last maintained commit, whole.
                    deferredNow = MaterializedViews.defer(writer, transaction.changedDays);
                } else {
                    // Every ingest of the transaction is merged into readings here: the views
                    // follow them (and whatever earlier commits deferred) in the same transaction.
                    MaterializedViews.maintain(writer, transaction.changedDays, pending);
                }
                writer.commit();
                publishPending = true;
                if (deferred) {
                    if (deferredNow && !pending) {
                        behindSince = start;
                        viewsPending = true;
                    }
                    everythingPending |= deferredEverything;
                    // The cells of a first load go on to the rebuild that waits; any others are moot.
                    arriving = everythingPending ? transaction.changedDays.arriving() : null;
                } else {
                    viewsPending = false;
                    everythingPending = false;
                    arriving = null;
                    publish(true);
                    if (pending) {
                        lastCatchUpNanos = System.nanoTime() - start;
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                // The cells summed what the rollback takes back.
                arriving = null;
                // Each ingest's loader is already closed (load), so no insert of its own thread
                // still uses the connection the rollback needs.
                rollback();
                throw e;
            } finally {
                transaction.end();
            }
        } catch (SQLException e) {
            throw new WarehouseException(failure + ": " + firstLine(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * How long a deferring series may leave its views behind ({@link Transaction#deferViews}):
     * {@link #MAX_VIEW_LAG}, or four times what the last catch-up took, so that keeping readers
     * up to date costs a long series at most about a fifth of its time.
     */
    private long maxViewLag() {
        return Math.max(MAX_VIEW_LAG.toNanos(), 4 * lastCatchUpNanos);
    }

    /**
     * Maintains and publishes the views of the days that commits deferring them ({@link
     * Transaction#deferViews}) left waiting, in a transaction of its own; nothing when none waits.
     * Done before an export reads the views, and when the warehouse opens or closes; a series of
     * deferring commits calls it at its end to show its readers the series whole.
     *
     * @throws WarehouseException when the database fails (the days keep waiting)
     */
    public void catchUpViews() {
        if (viewsPending) {
            transaction("Cannot bring the views of " + where + " up to date", transaction -> null);
        }
    }

    /**
     * Publishes what the last commits changed, for readers in other processes ({@link
     * PublishedViews}). A failure leaves the readers on the previous state, and what changed
     * recorded for the next publish: the commit stands.
     */
    private void publish(boolean runLog) {
        if (published == null) {
            return;
        }
        try {
            publishPending = false;
            Publisher.publish(writer, published, runLog);
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn(
                    "Committed, but could not publish the views into {} (readers keep the previous state"
                            + " until the next write): {}",
                    published,
                    e.getMessage());
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
     * Streams the rows of a query, in the order of {@link #query(ViewQuery)}, without holding them all.
     *
     * @param query the view and filters
     * @param sink receives each row
     */
    @Override
    public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        try (Connection connection = reader()) {
            // The stored baselines answer from the views' tables; other week counts from the readings.
            if (StoredViewSql.isStored(query)) {
                StoredViewSql.read(connection, query, sink);
            } else {
                StoredViewSql.run(connection, ViewSql.filtered(query), query.view(), sink);
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot query " + query + " in " + where + ": " + firstLine(e), e);
        }
    }

    /**
     * @return how many readings are stored, every status counted: the sum of {@link #coverage()}'s,
     *     counted from the sensor-day rows' masks alone, where the coverage groups every sensor-day
     *     (65 to 145 ms at 35 M readings)
     */
    public long storedReadings() {
        try (Connection connection = reader();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT COALESCE(SUM(bit_count(present)), 0) FROM " + ReadingDays.TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot count the readings of " + where + ": " + firstLine(e), e);
        }
    }

    /** @return what is stored for each store, by store name */
    public List<StoreCoverage> coverage() {
        try (Connection connection = reader()) {
            return StoredCoverage.read(connection, "(" + StoredCoverage.ROWS + ")");
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
        return export(directory, policy, formats, Exports::views);
    }

    /** How an export writes a folder, on a reader connection of its own. */
    @FunctionalInterface
    private interface ExportWork {
        ExportResult write(Connection connection, Path directory, FailurePolicy policy, Set<ExportFormat> formats)
                throws SQLException;
    }

    private ExportResult export(Path directory, FailurePolicy policy, Set<ExportFormat> formats, ExportWork work) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(formats, "formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("Name at least one export format");
        }
        catchUpViews();
        try (Connection connection = reader()) {
            return work.write(connection, directory, policy, EnumSet.copyOf(formats));
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot export the views of " + where + " to " + directory + ": " + firstLine(e), e);
        }
    }

    /**
     * Brings a folder of the four views up to date, rewriting only what changed since its last
     * update: an hourly view is kept by day ({@code sensor_hourly/day=2024-12-31/sensor_hourly.parquet}
     * and {@code …/sensor_hourly.csv}), a daily view by month ({@code store_daily/month=2024-12/…}),
     * and an update writes the partitions of the days whose rows changed, so its cost follows the
     * change, not the history. The first update of a folder, or one of another warehouse, failure
     * policy or set of formats, writes every partition. Each file is sorted and replaced by a
     * rename; a killed update is redone by the next one. Read a view back with a glob, e.g.
     * {@code read_parquet('views/sensor_hourly/*}{@code /*.parquet')}.
     *
     * @param directory the folder, created when missing
     * @param policy what a failed reading counts
     * @param formats the formats to write, at least one
     * @return the rows written per view by this update
     */
    public ExportResult exportChanges(Path directory, FailurePolicy policy, Set<ExportFormat> formats) {
        return export(directory, policy, formats, MaintainedExport::update);
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

    // ---- The transaction seam: work of the caller's own (the pipeline's tables) on the warehouse's
    // connections, committed together with the readings it ingests.

    /**
     * Work on a connection that sees the last committed state, for reading only.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    public interface ReadWork<T> {
        /**
         * @param connection a connection of the warehouse's, valid while the work runs; do not close it
         * @return the work's result
         * @throws SQLException when the database fails
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Work done in one write transaction of a warehouse.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    public interface TransactionWork<T> {
        /**
         * @param transaction the transaction, valid while the work runs
         * @return the work's result
         * @throws SQLException when the database fails
         */
        T run(Transaction transaction) throws SQLException;
    }

    /**
     * One write transaction of a warehouse, handed to a {@link TransactionWork} by {@link
     * #inTransaction}: what the work writes, on its connection or by {@link #ingest}, is committed
     * together when the work returns, or not at all.
     *
     * <p>Valid only while the work runs. Not thread-safe: use it on the work's thread.
     */
    public interface Transaction {
        /**
         * @return the transaction's connection, for the caller's own tables; never commit, roll back
         *     or close it
         * @throws IllegalStateException when the transaction has ended
         */
        Connection connection();

        /**
         * Fetches a window for some stores and stores it in this transaction, as {@link
         * Warehouse#ingest(TrafficClient, HourWindow)} does; committed with the rest of the
         * transaction. When it throws, the transaction is rolled back however the work ends.
         *
         * @param client where the readings come from
         * @param window the hours
         * @param stores the store names; empty for every store of the client
         * @return what was received and written
         * @throws IllegalStateException when the transaction has ended
         */
        IngestResult ingest(TrafficClient client, HourWindow window, Collection<String> stores);

        /**
         * Leaves this commit's views to be maintained and published with a later commit, for a
         * series of transactions that readers need to see only as a whole (a pipeline run's
         * chunks). The days it changed wait in the database ({@link MaterializedViews#defer}); the
         * next commit that does not defer brings them all up to date at once, by a rebuild when
         * they are most of the history (a first catch-up), and publishes once for the series.
         * Until then every reader, in this process or another, sees the views of the last such
         * commit. A deferring commit still catches up when the views are more than {@link
         * #MAX_VIEW_LAG} behind (longer after a slow catch-up), so that readers follow a long
         * series; and exports, {@link #close} and the next open (after a kill) catch up too.
         *
         * @throws IllegalStateException when the transaction has ended
         */
        void deferViews();
    }

    /** The longest a deferring series leaves its views behind, after a quick catch-up. */
    public static final Duration MAX_VIEW_LAG = Duration.ofSeconds(30);

    /**
     * Runs read-only work on a connection of its own that sees the last committed state, beside any
     * write in progress.
     *
     * @param work what to run
     * @param <T> what the work returns
     * @return the work's result
     * @throws WarehouseException when the database fails
     */
    public <T> T read(ReadWork<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = reader()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot read from " + where + ": " + firstLine(e), e);
        }
    }

    /**
     * Runs work in one write transaction: committed when the work returns, rolled back when it throws.
     * Write transactions (ingests included) run one at a time and do not nest: the work must not
     * call this warehouse's ingests or {@code inTransaction}, only its {@link Transaction}'s.
     *
     * @param work what to run
     * @param <T> what the work returns
     * @return the work's result
     * @throws WarehouseException when the database fails (the transaction is rolled back)
     * @throws IllegalStateException when called from a transaction's work
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        Objects.requireNonNull(work, "work");
        return transaction("Cannot write to " + where, work::run);
    }

    /** The transaction a {@link TransactionWork} is handed: the writer connection and its ingests. */
    private final class WriteTransaction implements Transaction {
        /** The sensor-days the transaction's ingests wrote, for the views. */
        final ChangedDays changedDays = new ChangedDays();

        private RuntimeException failedIngest;
        private boolean ended;
        private boolean viewsDeferred;

        @Override
        public void deferViews() {
            requireRunning();
            viewsDeferred = true;
        }

        @Override
        public Connection connection() {
            requireRunning();
            return writer;
        }

        @Override
        public IngestResult ingest(TrafficClient client, HourWindow window, Collection<String> stores) {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(stores, "stores");
            requireRunning();
            String what = "the window " + window;
            try {
                return load(loader -> client.readings(window, stores, loader));
            } catch (SQLException e) {
                failedIngest = new WarehouseException(ingestFailure(what) + ": " + firstLine(e), e);
                throw failedIngest;
            } catch (RuntimeException e) {
                // Remembered, so that the transaction is not committed however the work goes on.
                failedIngest = e;
                throw e;
            }
        }

        /**
         * The one ingest path: a loader of its own, fed and merged; the transaction commits. The
         * loader is closed before this returns or throws, so an insert still running on its own
         * thread has ended before the connection is used again, and its buffers are freed.
         */
        IngestResult load(Work work) throws SQLException {
            try (Loader loader = new Loader(writer, changedDays, storedHours)) {
                work.run(loader);
                return loader.merge();
            }
        }

        private void requireRunning() {
            if (ended) {
                throw new IllegalStateException("The transaction has ended: use it only while its work runs");
            }
        }

        /** A failed ingest left the connection mid-load: nothing of the transaction may be committed. */
        void requireNoFailedIngest() {
            if (failedIngest != null) {
                throw new WarehouseException(
                        "An ingest of the transaction failed, so none of it is stored: " + failedIngest.getMessage(),
                        failedIngest);
            }
        }

        void end() {
            ended = true;
        }
    }

    /** A connection of its own for one read: DuckDB connections are not safe to share across threads. */
    private Connection reader() throws SQLException {
        DuckDBConnection connection = root.duplicate();
        connection.setAutoCommit(true);
        return connection;
    }

    @Override
    public void close() {
        try {
            // The views a deferring series (Transaction#deferViews) left behind.
            catchUpViews();
        } catch (WarehouseException e) {
            LOG.warn(
                    "Closing with the views behind the readings (the next open brings them up to date): {}",
                    e.getMessage());
        }
        writeLock.lock();
        try {
            if (publishPending) {
                // A deferred publish that no later commit made.
                publish(true);
            }
            closeQuietly(writer);
            closeQuietly(root);
            if (file != null) {
                DatabaseFile.markClosed(file);
            }
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
