package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
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
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class StoredViewsMaintenanceBenchmark {
    private static final int STORES = 400;
    private static final int DAYS = 365;

    private Path dir;
    private Warehouse warehouse;
    private SimulatedClient client;
    private LocalDateTime next = FleetYear.FROM.plusDays(DAYS).atStartOfDay();

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("stored-views-");
        warehouse = Warehouse.open(FleetYear.copy(STORES, STORES, DAYS, dir));
        client = SimulatedClient.of(ReadingGenerator.of(new FootfallModel(42), FleetYear.fleet(STORES)));
    }

    @TearDown
    public void tearDown() throws IOException {
        client.close();
        warehouse.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
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
