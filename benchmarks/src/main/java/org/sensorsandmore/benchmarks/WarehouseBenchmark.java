package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sensorsandmore.benchmarks.support.ScratchFolder;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * The warehouse (sensors-sql): how fast readings are ingested into a new database file, and how long
 * the four views with their baselines take to compute and export. Scores are seconds per
 * operation; readings per second is {@code readings / score}.
 *
 * <ul>
 *   <li>{@code ingest}: {@code weeks} of a {@code stores} × 10 fleet, generated beforehand in column
 *       batches, into a fresh database file (open, insert, commit: a first load goes straight into the
 *       table).
 *   <li>{@code exportFourViews}: the four views of a year of the fleet, written as parquet and CSV.
 *   <li>{@code exportFourViewsParquet}: the same, parquet only.
 *   <li>{@code storeDailyQuery}: one store's daily view with baselines, as a dashboard asks it.
 *   <li>{@code storeHourlyQuery}: one store's hourly view over the whole period, as the dashboard's
 *       store chart asks it.
 *   <li>{@code sensorHourlyMonthQuery}: one sensor's hourly view over the last four weeks, whose
 *       baselines need the three weeks before.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar WarehouseBenchmark -f 1 -wi 1 -i 3</pre>
 */
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class WarehouseBenchmark extends SingleShotBenchmark {
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);

    /** Stores of ten sensors each. */
    @Param({"100"})
    public int stores;

    /** Weeks of readings. */
    @Param({"52"})
    public int weeks;

    private final List<ReadingBatch> batches = new ArrayList<>();
    private ScratchFolder scratch;
    private Warehouse full;
    private HourWindow window;
    private TrafficClient replay;
    private String firstStore;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        StoreNetwork fleet = StoreNetwork.fleet(stores, 10);
        firstStore = fleet.names().get(0);
        window = HourWindow.of(FROM, FROM.plusWeeks(weeks));
        ReadingGenerator.of(new FootfallModel(42), fleet).withThreads(2).generate(window, batch -> {
            ReadingBatch copy = ReadingBatch.create(batch.storeNames(), batch.size());
            for (int i = 0; i < batch.size(); i++) {
                copy.add(batch.reading(i));
            }
            batches.add(copy);
        });
        // Replays the batches made above, so ingest is measured without generation.
        replay = new TrafficClient() {
            @Override
            public StoreNetwork network() {
                return fleet;
            }

            @Override
            public void readings(HourWindow w, Collection<String> names, ReadingSink sink) {
                batches.forEach(sink::accept);
            }
        };
        scratch = ScratchFolder.create("warehouse-benchmark");
        full = Warehouse.open(scratch.resolve("full.duckdb"));
        full.ingest(replay, window);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        full.close();
        scratch.close();
    }

    /** @return readings written: every batch into a new database file, in one transaction each */
    @Benchmark
    public long ingest() throws IOException {
        Path file = Files.createTempFile(scratch.dir(), "ingest", ".duckdb");
        Files.delete(file);
        long written = 0;
        try (Warehouse warehouse = Warehouse.open(file)) {
            written += warehouse.ingest(replay, window).written();
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        return written;
    }

    /** @return the rows of the four views, written as parquet and CSV */
    @Benchmark
    public long exportFourViews() {
        ExportResult result = full.export(scratch.resolve("out"), FailurePolicy.EXCLUDE);
        return result.rows().values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the rows of the four views, written as parquet only */
    @Benchmark
    public long exportFourViewsParquet() {
        ExportResult result =
                full.export(scratch.resolve("parquet"), FailurePolicy.EXCLUDE, Set.of(ExportFormat.PARQUET));
        return result.rows().values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the rows of one store's daily view */
    @Benchmark
    public int storeDailyQuery() {
        return full.query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of(firstStore)))
                .size();
    }

    /** @return the rows of one store's hourly view */
    @Benchmark
    public int storeHourlyQuery() {
        return full.query(ViewQuery.of(View.STORE_HOURLY)
                        .withStores(Set.of(firstStore))
                        .withDates(FROM, FROM.plusWeeks(weeks)))
                .size();
    }

    /** @return the rows of one sensor's hourly view over the last four weeks */
    @Benchmark
    public int sensorHourlyMonthQuery() {
        LocalDate to = FROM.plusWeeks(weeks);
        return full.query(ViewQuery.of(View.SENSOR_HOURLY)
                        .withStores(Set.of(firstStore))
                        .withSensors(Set.of(3))
                        .withDates(to.minusWeeks(4), to))
                .size();
    }
}
