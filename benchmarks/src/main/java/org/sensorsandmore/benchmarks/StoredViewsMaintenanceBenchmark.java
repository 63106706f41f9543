package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.time.LocalDateTime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sensorsandmore.benchmarks.support.FleetYear;
import org.sensorsandmore.benchmarks.support.ScratchFolder;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.materialized.MaterializedViews;

/**
 * The writer's side of the stored views on a year of a 400 × 10 fleet (35.04 M readings), side by
 * side in one run: an hourly run's write (the next hour of every sensor, 4,000 readings, ingested
 * and its views maintained, committed) and a full rebuild of the views from every reading.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StoredViewsMaintenanceBenchmark -f 1</pre>
 *
 * <p>A larger fleet or history by parameters: {@code -p stores=1000 -p days=417} is 100 M readings.
 */
public class StoredViewsMaintenanceBenchmark extends SingleShotBenchmark {
    /** Stores in the fleet, 10 sensors each. */
    @Param("400")
    public int stores;

    /** Days of history. */
    @Param("365")
    public int days;

    private ScratchFolder scratch;
    private Warehouse warehouse;
    private SimulatedClient client;
    private LocalDateTime next;

    @Setup
    public void setUp() throws IOException {
        scratch = ScratchFolder.create("stored-views-");
        warehouse = Warehouse.open(FleetYear.copy(stores, stores, days, scratch.dir()));
        client = SimulatedClient.of(ReadingGenerator.of(new FootfallModel(42), FleetYear.fleet(stores)));
        next = FleetYear.FROM.plusDays(days).atStartOfDay();
    }

    @TearDown
    public void tearDown() throws IOException {
        client.close();
        warehouse.close();
        scratch.close();
    }

    /** @return the readings written: the next hour of every sensor, views maintained, committed */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 15)
    public long nextHour() {
        HourWindow hour = HourWindow.of(next, next.plusHours(1));
        next = next.plusHours(1);
        return warehouse.ingest(client, hour).written();
    }

    /** @return nothing: every view recomputed from every reading, committed */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int rebuild() {
        return warehouse.inTransaction(transaction -> {
            MaterializedViews.rebuild(transaction.connection());
            return 0;
        });
    }
}
