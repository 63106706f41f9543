package org.sensorsandmore.benchmarks.support;

import java.nio.file.Path;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;

/**
 * Where a dashboard benchmark reads a fleet's views: the warehouse's tables, or the parquet files it
 * publishes beside itself (what {@code sensors dashboard} serves beside a pipeline). One of the two
 * is open. Not thread-safe: a benchmark opens one at set-up and closes it at tear-down.
 *
 * @param warehouse the warehouse, or null
 * @param published its published views, or null
 */
public record FleetSource(Warehouse warehouse, PublishedViews published) implements AutoCloseable {

    /**
     * @param file a warehouse file
     * @param source {@code published} or {@code warehouse}
     * @return the source, open
     */
    public static FleetSource open(Path file, String source) {
        // Opening the warehouse publishes its views when they are not (or in another layout).
        Warehouse warehouse = Warehouse.open(file);
        if (!source.equals("published")) {
            return new FleetSource(warehouse, null);
        }
        warehouse.close();
        return new FleetSource(null, PublishedViews.open(PublishedViews.folderOf(file)));
    }

    @Override
    public void close() {
        if (warehouse != null) {
            warehouse.close();
        }
        if (published != null) {
            published.close();
        }
    }
}
