package org.sensorsandmore.http.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * A {@link TrafficClient} over the original API's per-hour route, {@code
 * GET /?store_name=&year=&month=&day=&hour=&sensor_id=}: one request per sensor and hour, as the
 * original's download script made, so that readings can come from the original Python server too.
 *
 * <p>Unlike that script, it keeps HTTP/1.1 connections alive, keeps {@link FetchConfig#concurrency()}
 * requests in flight, retries a failed request with back-off, and hands readings to the sink in the
 * {@link TrafficClient} order (hour, store, sensor) as they complete. The original's answers map to
 * readings: {@code -1} is {@code FAILED}, {@code -2} is {@code NOT_OPEN}, a count is {@code OK}; the
 * route has no anomaly flag, so it is false. The API has no store list: the network is given.
 *
 * <pre>{@code
 * try (TrafficClient client = LegacyHttpTrafficClient.create(URI.create("http://127.0.0.1:8000"))) {
 *     client.readings(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)), sink);
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class LegacyHttpTrafficClient implements TrafficClient {
    private static final int BATCH_ROWS = 4096;
    /** Far above any answer of the per-hour route: a count, or a short error. */
    private static final int MAX_ANSWER_BYTES = 64 << 10;

    private final URI base;
    private final StoreNetwork network;
    private final FetchConfig config;
    private final HttpClient http;
    private final Retrier retrier;

    private LegacyHttpTrafficClient(URI base, StoreNetwork network, FetchConfig config) {
        this.base = HttpTrafficClient.withoutTrailingSlash(Objects.requireNonNull(base, "base"));
        this.network = Objects.requireNonNull(network, "network");
        this.config = Objects.requireNonNull(config, "config");
        this.http = config.newHttpClient(this.base);
        this.retrier = new Retrier(config);
    }

    /**
     * @param base the server's address, e.g. {@code http://127.0.0.1:8000}
     * @return a client for the original five stores with {@link FetchConfig#defaults()}
     */
    public static LegacyHttpTrafficClient create(URI base) {
        return new LegacyHttpTrafficClient(base, StoreNetwork.original(), FetchConfig.defaults());
    }

    /**
     * @param base the server's address
     * @param network the stores the server knows (the route cannot list them)
     * @param config time-outs, retries and concurrency
     * @return a client
     */
    public static LegacyHttpTrafficClient create(URI base, StoreNetwork network, FetchConfig config) {
        return new LegacyHttpTrafficClient(base, network, config);
    }

    @Override
    public StoreNetwork network() {
        return network;
    }

    /**
     * {@inheritDoc}
     *
     * @throws FetchFailedException naming the hour, store and sensor when the server refuses a request
     *     (a 4xx, e.g. an hour after its now) or every retry fails
     */
    @Override
    public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sink, "sink");
        StoreNetwork selected = network.only(stores);
        List<Store> list = selected.stores();
        int perHour = selected.sensorCount();
        long total = window.hours() * perHour;
        ReadingBatch batch = ReadingBatch.create(selected.names(), BATCH_ROWS);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), task -> {
            Thread thread = new Thread(task, "sensors-legacy-fetch-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Requests queue a little ahead of the ones in flight, so no connection waits for the sink.
        int ahead = config.concurrency() * 4;
        Deque<Future<Integer>> pending = new ArrayDeque<>();
        Deque<long[]> coordinates = new ArrayDeque<>();
        int firstHour = window.fromEpochHour();
        try {
            long next = 0;
            while (next < total || !pending.isEmpty()) {
                while (next < total && pending.size() < ahead) {
                    int hour = firstHour + (int) (next / perHour);
                    int offset = (int) (next % perHour);
                    int store = 0;
                    while (offset >= list.get(store).sensorCount()) {
                        offset -= list.get(store).sensorCount();
                        store++;
                    }
                    Store chosen = list.get(store);
                    int sensor = offset;
                    pending.add(pool.submit(() -> fetch(chosen, sensor, Hours.ofEpochHour(hour), sink)));
                    coordinates.add(new long[] {store, sensor, hour});
                    next++;
                }
                int count = await(pending.poll());
                long[] at = coordinates.poll();
                ReadingStatus status = ReadingStatus.ofLegacyCount(count);
                batch.add((int) at[0], (int) at[1], (int) at[2], status, Math.max(0, count), false);
                if (batch.size() >= BATCH_ROWS) {
                    sink.accept(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        } finally {
            pending.forEach(future -> future.cancel(true));
            pool.shutdownNow();
        }
    }

    private static int await(Future<Integer> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SensorsException("Interrupted while fetching readings", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SensorsException("Fetching a reading failed: " + e.getCause(), e.getCause());
        }
    }

    /** One request, retried: the original's count for one sensor and hour. */
    private int fetch(Store store, int sensor, LocalDateTime hour, ReadingSink sink) {
        HourWindow window = HourWindow.ofHour(hour);
        URI uri = URI.create(base + "/?store_name=" + URLEncoder.encode(store.name(), StandardCharsets.UTF_8)
                + "&year=" + hour.getYear() + "&month=" + hour.getMonthValue() + "&day=" + hour.getDayOfMonth()
                + "&hour=" + hour.getHour() + "&sensor_id=" + sensor);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .GET()
                .build();
        String where = store.name() + " sensor " + sensor;
        try {
            return parseCount(retrier.askSmall(http, request, MAX_ANSWER_BYTES, window, sink), window, where);
        } catch (Retrier.GaveUpException e) {
            String failure = e.refused()
                    ? e.getMessage()
                    : retrier.maxAttempts() + " attempts failed; last error: " + e.getMessage();
            throw new FetchFailedException(window, where + ": " + failure, e.getCause());
        } catch (InterruptedException e) {
            throw Retrier.interrupted(window, e);
        }
    }

    private static int parseCount(String body, HourWindow window, String where) {
        try {
            int count = Integer.parseInt(body.strip());
            ReadingStatus.ofLegacyCount(count);
            return count;
        } catch (IllegalArgumentException e) {
            throw new FetchFailedException(
                    window,
                    where + ": the server answered 200 with " + Retrier.describe(200, body) + ", not a count",
                    e);
        }
    }

    /**
     * Releases the client's connections and the thread that waits on them ({@link
     * HttpBuilders#release}); a call still running fails.
     */
    @Override
    public void close() {
        HttpBuilders.release(http);
    }

    @Override
    public String toString() {
        return "LegacyHttpTrafficClient[" + base + ", " + network.names() + ", " + config + "]";
    }
}
