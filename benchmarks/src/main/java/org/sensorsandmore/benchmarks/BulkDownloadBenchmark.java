package org.sensorsandmore.benchmarks;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sensorsandmore.benchmarks.support.ClassicApi;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.HttpTrafficClient;

/**
 * Readings per second through the bulk route: {@code HttpTrafficClient} pulls 31 days of a fleet of
 * 100 stores x 10 sensors (744,000 readings, one request) from {@code TrafficApiServer} on loopback
 * into a sink that sums the visits. Server (generation, CSV), network and client (parsing) share
 * the machine's cores. The JDK client reads with 128 KB buffers ({@code jdk.httpclient.bufsize}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar BulkDownloadBenchmark -f 1</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkDownloadBenchmark extends LoopbackDownloadBenchmark {
    private static final int STORES = 100;
    private static final int SENSORS = 10;
    private static final int HOURS = 31 * 24;
    private static final int READINGS = STORES * SENSORS * HOURS;
    private static final HourWindow JULY = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));

    private TrafficApiServer server;
    private HttpTrafficClient client;

    @Setup
    public void setUp() {
        server = ClassicApi.start(StoreNetwork.fleet(STORES, SENSORS));
        client = HttpTrafficClient.create(server.uri());
    }

    @TearDown
    public void tearDown() {
        client.close();
        server.close();
    }

    /** @return the sum of the visits of the window */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public long month() {
        long[] sum = {0};
        client.readings(JULY, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                sum[0] += batch.visits(i);
            }
        });
        return sum[0];
    }
}
