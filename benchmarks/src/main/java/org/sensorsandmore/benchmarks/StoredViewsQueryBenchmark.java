package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sensorsandmore.benchmarks.support.FleetSource;
import org.sensorsandmore.benchmarks.support.FleetYear;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * A dashboard's uncached query of one store's year from the stored views: from the fleet's
 * warehouse (400 × 10 sensors, a year: 35.04 M readings), a different store each call, and from a
 * warehouse that holds that fleet's first store only; read from the database ({@link
 * Warehouse#query}) or from the views it publishes beside itself ({@link PublishedViews}, what
 * {@code sensors dashboard} serves). Sampled, so the percentiles show.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StoredViewsQueryBenchmark -f 1</pre>
 */
public class StoredViewsQueryBenchmark extends SampledQueryBenchmark {
    /** The view a dashboard asks for. */
    @Param({"SENSOR_HOURLY", "STORE_HOURLY", "SENSOR_DAILY", "STORE_DAILY"})
    public View view;

    /** Stores in the warehouse queried: the fleet's 400, or its first one only. */
    @Param({"400", "1"})
    public int held;

    /** Where the rows are read: the warehouse's tables, or the published parquet files. */
    @Param({"published", "warehouse"})
    public String source;

    private static final int STORES = 400;
    private static final int DAYS = 365;

    private FleetSource fleet;
    private List<String> names;
    private int cursor;

    @Setup
    public void setUp() throws IOException {
        fleet = FleetSource.open(FleetYear.file(STORES, held, DAYS), source);
        names = FleetYear.fleet(STORES).names().subList(0, held);
    }

    @TearDown
    public void tearDown() {
        fleet.close();
    }

    /** @return the rows of one store's year of the view */
    @Benchmark
    public int storeYear() {
        String store = names.get((cursor++ * 37) % names.size());
        ViewQuery query = ViewQuery.of(view).withStores(Set.of(store));
        return (fleet.published() != null
                        ? fleet.published().query(query)
                        : fleet.warehouse().query(query))
                .size();
    }
}
