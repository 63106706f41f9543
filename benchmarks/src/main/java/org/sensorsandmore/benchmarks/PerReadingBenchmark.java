package org.sensorsandmore.benchmarks;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.TrafficModel;

/**
 * How fast one {@code TrafficModel.reading} call is: a week of the original network, one call per
 * reading, each building a {@code Reading} value. Scores are in readings per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PerReadingBenchmark -f 1</pre>
 */
public class PerReadingBenchmark extends GenerationThroughputBenchmark {
    private static final LocalDateTime MONDAY = LocalDate.of(2024, 3, 4).atStartOfDay();
    private static final int CALLS = 39 * 24 * 7;

    @Param({"footfall", "classic"})
    public String model;

    private TrafficModel trafficModel;
    private List<Store> stores;

    @Setup
    public void setUp() {
        trafficModel = "classic".equals(model) ? new ClassicModel() : new FootfallModel(42);
        stores = StoreNetwork.original().stores();
    }

    /** @return the visits of a week of the original network */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long weekOfOriginal() {
        long sum = 0;
        for (int h = 0; h < 24 * 7; h++) {
            LocalDateTime hour = MONDAY.plusHours(h);
            for (Store store : stores) {
                for (int k = 0; k < store.sensorCount(); k++) {
                    sum += trafficModel.reading(store, k, hour).visits();
                }
            }
        }
        return sum;
    }
}
