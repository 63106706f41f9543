package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sensorsandmore.benchmarks.support.ScratchFolder;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;

/**
 * How long the dashboard takes to answer a year of hourly rows over HTTP on 127.0.0.1: Paris (20
 * sensors, 175,200 readings of 2024) in a DuckDB file, asked for its store-hourly view (8,784 rows,
 * a leap year) as JSON and as CSV, one sensor's hourly view, and the sensor-health report over all
 * 175,200 sensor-hours; each without and with the response cache. {@code Mode.SampleTime} gives the latency distribution; the target is p99 ≤
 * 50 ms for the store view.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DashboardEndpointBenchmark -f 1</pre>
 */
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class DashboardEndpointBenchmark extends SampledQueryBenchmark {
    private static final String RANGE = "store=Paris&from=2024-01-01&to=2025-01-01";

    @Param({"store_hourly_json", "store_hourly_csv", "sensor_hourly_json", "health_json"})
    public String request;

    /**
     * With the response cache (the default) every request after the first is a cache hit, as a
     * reload or a CSV download of the table is; without it every request queries the warehouse.
     */
    @Param({"false", "true"})
    public boolean cache;

    private ScratchFolder scratch;
    private Warehouse warehouse;
    private DashboardServer server;
    private HttpClient client;
    private HttpRequest httpRequest;

    @Setup
    public void setUp() throws IOException {
        scratch = ScratchFolder.create("dashboard-benchmark");
        StoreNetwork paris = StoreNetwork.original().only(List.of("Paris"));
        warehouse = scratch.warehouse(
                "w.duckdb",
                ReadingGenerator.of(new FootfallModel(42), paris),
                HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)));
        server = DashboardServer.builder(warehouse)
                .port(0)
                .responseCacheTtl(cache ? DashboardServer.DEFAULT_RESPONSE_CACHE_TTL : Duration.ZERO)
                .start();
        client = HttpClient.newHttpClient();
        String path = switch (request) {
            case "store_hourly_json" -> "api/view?view=store_hourly&" + RANGE;
            case "store_hourly_csv" -> "api/view.csv?view=store_hourly&" + RANGE;
            case "sensor_hourly_json" -> "api/view?view=sensor_hourly&sensor=7&" + RANGE;
            case "health_json" -> "api/health?" + RANGE;
            default -> throw new IllegalArgumentException(request);
        };
        httpRequest = HttpRequest.newBuilder(URI.create(server.uri() + path)).build();
        if (get() < 1_000) {
            throw new IllegalStateException("Suspiciously small answer to " + path);
        }
    }

    /** @return the length of the answer, so the work is not optimised away */
    @Benchmark
    public int get() {
        try {
            HttpResponse<byte[]> response = client.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return response.body().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        server.close();
        warehouse.close();
        scratch.close();
    }
}
