package org.sensorsandmore.sql;

import java.nio.file.Path;
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

    @Override
    public void close() {}
}
