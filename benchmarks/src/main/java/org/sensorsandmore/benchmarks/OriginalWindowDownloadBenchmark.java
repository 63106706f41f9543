package org.sensorsandmore.benchmarks;

import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sensorsandmore.benchmarks.support.ClassicApi;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.FetchConfig;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.http.client.LegacyHttpTrafficClient;

/**
 * The original's download, end to end: the 38-day window of its dataset (39 sensors x 903 hours,
 * 2024-07-01 01:00 to 2024-08-07 16:00, 35,217 readings; the original took 78.9 s with 35,217
 * requests) from {@code TrafficApiServer} on loopback, through the bulk client (one request) and
 * through the per-hour client (35,217 requests, 8 in flight). Milliseconds per download.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OriginalWindowDownloadBenchmark -f 1</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OriginalWindowDownloadBenchmark extends LoopbackDownloadBenchmark {
    private static final HourWindow WINDOW =
            HourWindow.of(LocalDateTime.of(2024, 7, 1, 1, 0), LocalDateTime.of(2024, 8, 7, 16, 0));

    private TrafficApiServer server;
    private HttpTrafficClient bulk;
    private LegacyHttpTrafficClient legacy;

    @Setup
    public void setUp() {
        server = ClassicApi.start(StoreNetwork.original());
        bulk = HttpTrafficClient.create(server.uri());
        legacy = LegacyHttpTrafficClient.create(server.uri(), StoreNetwork.original(), FetchConfig.defaults());
    }

    @TearDown
    public void tearDown() {
        bulk.close();
        legacy.close();
        server.close();
    }

    /** @return the number of readings (35,217) */
    @Benchmark
    public long bulkClient() {
        long[] rows = {0};
        bulk.readings(WINDOW, (ReadingBatch batch) -> rows[0] += batch.size());
        return rows[0];
    }

    /** @return the number of readings (35,217) */
    @Benchmark
    public long perHourClient() {
        long[] rows = {0};
        legacy.readings(WINDOW, (ReadingBatch batch) -> rows[0] += batch.size());
        return rows[0];
    }
}
