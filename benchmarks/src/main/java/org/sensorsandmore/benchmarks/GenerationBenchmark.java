package org.sensorsandmore.benchmarks;

import java.time.LocalDate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.core.model.TrafficModel;

/**
 * How fast readings are simulated in bulk: both models, a week and thirteen weeks of a 1,000-sensor
 * fleet in column batches, on one and two threads. Scores are in readings per second ({@code
 * @OperationsPerInvocation} is the number of readings an invocation makes). {@link
 * PerReadingBenchmark} measures one call per reading.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GenerationBenchmark -f 1</pre>
 */
public class GenerationBenchmark extends GenerationThroughputBenchmark {
    /** A 1,000-sensor fleet (100 stores × 10 doors) over one week. */
    private static final StoreNetwork FLEET = StoreNetwork.fleet(100, 10);

    private static final HourWindow WEEK = HourWindow.of(LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 11));
    private static final int BULK_READINGS = 1000 * 7 * 24;

    /**
     * Thirteen weeks: long enough (2.2 M readings, some 15 ms) that handing batches to a second
     * thread is cheap next to the work, so it shows what the second core adds.
     */
    private static final HourWindow QUARTER = HourWindow.of(LocalDate.of(2024, 3, 4), LocalDate.of(2024, 6, 3));

    private static final int QUARTER_READINGS = 1000 * 13 * 7 * 24;

    @Param({"footfall", "classic"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private ReadingGenerator generator;

    @Setup
    public void setUp() {
        TrafficModel trafficModel = "classic".equals(model) ? new ClassicModel() : new FootfallModel(42);
        generator = ReadingGenerator.of(trafficModel, FLEET).withThreads(threads);
    }

    /** @return the visits of a week of the fleet, generated in column batches */
    @Benchmark
    @OperationsPerInvocation(BULK_READINGS)
    public long bulkWeekOfFleet() {
        return visits(WEEK);
    }

    /** @return the visits of thirteen weeks of the fleet, generated in column batches */
    @Benchmark
    @OperationsPerInvocation(QUARTER_READINGS)
    public long bulkQuarterOfFleet() {
        return visits(QUARTER);
    }

    private long visits(HourWindow window) {
        long[] total = new long[1];
        generator.generate(window, (ReadingBatch batch) -> {
            long sum = 0;
            for (int i = 0, n = batch.size(); i < n; i++) {
                sum += batch.visits(i);
            }
            total[0] += sum;
        });
        return total[0];
    }
}
