package org.sensorsandmore.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * One DuckDB database of readings, keyed by (store, sensor, hour), and the four views of them.
 *
 * <p>CONTRACT SKELETON: the public surface the dashboard and the pipeline build against; the
 * implementation lands with issue 4.
 */
public final class Warehouse implements AutoCloseable {

    private Warehouse() {}

    /**
     * Opens a database file, creating it and its schema when missing.
     *
     * @param file the database file
     * @return the warehouse
     */
    public static Warehouse open(Path file) {
        throw new UnsupportedOperationException("issue 4");
    }

    /** @return a warehouse in memory, gone when closed */
    public static Warehouse inMemory() {
        throw new UnsupportedOperationException("issue 4");
    }

    /**
     * Fetches a window from a client and stores it, replacing what was stored for the same keys.
     *
     * @param client where the readings come from
     * @param window the hours
     * @return what was received and written
     */
    public IngestResult ingest(TrafficClient client, HourWindow window) {
        throw new UnsupportedOperationException("issue 4");
    }

    /**
     * @param query the view and filters
     * @return the rows, ordered by store, sensor, date, hour
     */
    public List<ViewRow> query(ViewQuery query) {
        throw new UnsupportedOperationException("issue 4");
    }

    /**
     * Streams the rows of a query, in the order of {@link #query(ViewQuery)}, without holding them all.
     *
     * @param query the view and filters
     * @param sink receives each row
     */
    public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
        throw new UnsupportedOperationException("issue 4");
    }

    /** @return what is stored for each store, by store name */
    public List<StoreCoverage> coverage() {
        throw new UnsupportedOperationException("issue 4");
    }

    // ---- The pipeline's seam (package-private): its state lives in the same file and transactions.

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
        throw new UnsupportedOperationException("issue 4");
    }

    /** Runs work in one write transaction, committed when it returns, rolled back when it throws. */
    <T> T writeState(SqlWork<T> work) {
        throw new UnsupportedOperationException("issue 4");
    }

    /**
     * Fetches a window for some stores and stores it, running {@code beforeCommit} in the same
     * transaction: readings and the pipeline's state are committed together or not at all.
     */
    IngestResult ingest(TrafficClient client, HourWindow window, Collection<String> stores, BeforeCommit beforeCommit) {
        throw new UnsupportedOperationException("issue 4");
    }

    /** Writes the four views into a folder, atomically. */
    void exportViews(Path directory) {
        throw new UnsupportedOperationException("issue 4");
    }

    @Override
    public void close() {}
}
