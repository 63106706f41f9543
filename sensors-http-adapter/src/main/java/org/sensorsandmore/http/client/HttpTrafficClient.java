package org.sensorsandmore.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.http.ReadingBinaryFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficClient} over this project's bulk API ({@code /v1/stores} and {@code /v1/readings}
 * of a {@link org.sensorsandmore.http.api.TrafficApiServer}), on the JDK's {@link HttpClient}.
 *
 * <p>A window is fetched in requests of {@link FetchConfig#chunkHours()} hours, each a stream in
 * the {@linkplain ReadingBinaryFormat binary format} parsed straight into column batches; a server
 * that refuses that format (one older than this client) is asked for CSV instead, and an answer
 * in CSV is read as such. A failed request is retried with back-off (see {@link
 * FetchConfig}); a stream cut mid-way is asked again from the hour of its last complete reading, and
 * the readings already handed on are skipped, so the sink sees every reading exactly once and in
 * order. A stream counts as complete only when it ended cleanly with the expected number of rows.
 *
 * <pre>{@code
 * try (TrafficClient client = HttpTrafficClient.create(URI.create("http://127.0.0.1:8000"))) {
 *     client.readings(HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1)), sink);
 * }
 * }</pre>
 *
 * <p>This class is thread-safe: calls may run concurrently, each with its own sink.
 */
public final class HttpTrafficClient implements TrafficClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTrafficClient.class);

    /**
     * The client's buffers ({@code jdk.httpclient.bufsize}, 128 KB under {@code sensors}) a response
     * may be read ahead of the parser ({@link ReadAheadBody}).
     */
    private static final int READ_AHEAD_BUFFERS = 16;

    private static final int BATCH_ROWS = 1 << 14;
    /** Far above the store list of the largest fleet the library makes (about 100 bytes a store). */
    private static final int MAX_STORES_BYTES = 64 << 20;

    private final URI base;
    private final FetchConfig config;
    private final HttpClient http;
    private final Retrier retrier;
    private volatile StoreNetwork network;

    /**
     * Whether the server refused {@code format=binary} (one older than this client, which knows
     * only CSV and NDJSON): it is asked for CSV from then on.
     */
    private volatile boolean csvOnly;

    private HttpTrafficClient(URI base, FetchConfig config) {
        this.base = withoutTrailingSlash(Objects.requireNonNull(base, "base"));
        this.config = Objects.requireNonNull(config, "config");
        this.http = config.newHttpClient(this.base);
        this.retrier = new Retrier(config);
    }

    /**
     * @param base the server's address, e.g. {@code http://127.0.0.1:8000}
     * @return a client with {@link FetchConfig#defaults()}
     */
    public static HttpTrafficClient create(URI base) {
        return new HttpTrafficClient(base, FetchConfig.defaults());
    }

    /**
     * @param base the server's address
     * @param config time-outs, retries and request sizes
     * @return a client
     */
    public static HttpTrafficClient create(URI base, FetchConfig config) {
        return new HttpTrafficClient(base, config);
    }

    static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("The API address must be http:// or https://, not " + uri);
        }
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * The server's stores, asked once ({@code /v1/stores}) and remembered.
     *
     * @throws SensorsException naming the address and the last error when the server cannot be
     *     reached after every retry, or refuses
     */
    @Override
    public StoreNetwork network() {
        StoreNetwork known = network;
        if (known == null) {
            known = StoresJson.parse(fetchStores());
            network = known;
        }
        return known;
    }

    private String fetchStores() {
        HourWindow none = HourWindow.ofHour(LocalDateTime.of(1970, 1, 1, 0, 0));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/stores"))
                .timeout(config.requestTimeout())
                .GET()
                .build();
        try {
            // No sink to tell of its retries: the store list is asked outside any fetch of readings.
            return retrier.askSmall(http, request, MAX_STORES_BYTES, none, batch -> {});
        } catch (Retrier.GaveUpException e) {
            throw new SensorsException(
                    "Cannot get the store list from " + base + "/v1/stores: " + e.getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SensorsException("Interrupted while asking " + base + " for its stores", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws FetchFailedException naming the window and the last error when the server refuses a
     *     request or every retry fails
     */
    @Override
    public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sink, "sink");
        StoreNetwork selected = network().only(stores);
        ReadingStreamParser parser = new ReadingStreamParser(selected, sink, BATCH_ROWS);
        for (HourWindow chunk : window.chunks(config.chunkHours())) {
            fetchChunk(chunk, selected, stores, parser, sink);
        }
        parser.flush();
    }

    private void fetchChunk(
            HourWindow chunk,
            StoreNetwork selected,
            Collection<String> stores,
            ReadingStreamParser parser,
            ReadingSink sink) {
        long chunkRows = chunk.hours() * selected.sensorCount();
        long chunkStart = parser.rows();
        long expectedEnd = chunkStart + chunkRows;
        String lastError = "";
        Throwable lastCause = null;
        int failures = 0;
        long deadline = System.nanoTime() + config.chunkDeadline().toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FetchFailedException(
                        chunk,
                        "no complete answer within the chunk deadline of "
                                + config.chunkDeadline().toSeconds()
                                + " s, " + (parser.rows() - chunkStart) + " of " + chunkRows
                                + " readings received; last error: " + lastError,
                        lastCause);
            }
            long before = parser.rows();
            LocalDateTime resume = parser.resumeHour();
            HourWindow asked = resume != null && chunk.contains(resume) ? HourWindow.of(resume, chunk.to()) : chunk;
            try {
                HttpResponse<ReadAheadBody> response = http.send(
                        request(asked, stores, shorter(config.requestTimeout(), left)),
                        info -> new ReadAheadBody(READ_AHEAD_BUFFERS));
                if (response.statusCode() == 200) {
                    read(response.body(), asked, parser, deadline);
                    if (parser.rows() == expectedEnd) {
                        parser.flush();
                        return;
                    }
                    lastError =
                            "the stream ended after " + (parser.rows() - before) + " new rows, before the window's end";
                    lastCause = null;
                } else {
                    lastError = Retrier.describe(response);
                    lastCause = null;
                    if (!csvOnly && response.statusCode() == 400 && lastError.contains("format")) {
                        LOG.info("{} refuses the binary format ({}): asking it for CSV", base, lastError);
                        csvOnly = true;
                        continue;
                    }
                    if (!Retrier.retryable(response.statusCode())) {
                        throw new FetchFailedException(chunk, lastError, null);
                    }
                }
            } catch (IOException e) {
                lastError = Retrier.describe(e);
                lastCause = e;
            } catch (ReadingStreamParser.MalformedStreamException e) {
                // Not retried: a server that breaks the rules once would break them again.
                parser.flush();
                throw new FetchFailedException(chunk, e.getMessage(), e);
            } catch (InterruptedException e) {
                throw Retrier.interrupted(chunk, e);
            }
            // Readings that made it are handed on now; a retry starts after them.
            parser.flush();
            failures = parser.rows() > before ? 1 : failures + 1;
            if (failures >= retrier.maxAttempts()) {
                throw new FetchFailedException(
                        chunk,
                        retrier.maxAttempts() + " attempts without progress, " + (parser.rows() - chunkStart) + " of "
                                + chunkRows + " readings received; last error: " + lastError,
                        lastCause);
            }
            retrier.pause(failures + 1, chunk, sink);
        }
    }

    private static Duration shorter(Duration timeout, long nanos) {
        return timeout.toNanos() <= nanos ? timeout : Duration.ofNanos(nanos);
    }

    /**
     * Reads a response body into the parser. The JDK client's request timeout ends when the headers
     * arrive; a server that then stops sending would block this read for ever, so a watchdog closes
     * the body when no byte came for a whole {@link FetchConfig#requestTimeout()}, or when the chunk's
     * deadline passes, and the read fails like a cut stream.
     */
    private void read(ReadAheadBody body, HourWindow asked, ReadingStreamParser parser, long deadline)
            throws IOException {
        parser.startResponse(asked);
        StallWatch watch = new StallWatch(body, config.requestTimeout(), deadline);
        try (ReadAheadBody in = body) {
            ByteBuffer buffer;
            while ((buffer = in.next()) != null) {
                watch.progressed();
                if (buffer.hasArray()) {
                    // The client's buffers are fresh heap buffers: parsed where they lie, not copied.
                    parser.feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                    buffer.position(buffer.limit());
                } else {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    parser.feed(bytes, 0, bytes.length);
                }
            }
        } catch (IOException e) {
            if (watch.stalled()) {
                throw new IOException(watch.message(), e);
            }
            throw e;
        } finally {
            watch.cancel();
        }
        if (watch.stalled()) {
            throw new IOException(watch.message());
        }
        if (!parser.atRowEnd()) {
            throw new IOException("The stream ended in the middle of a row");
        }
    }

    /**
     * Closes a body that sent nothing for a whole timeout, or is still sending at the chunk's deadline;
     * checked every quarter of the timeout, and at the deadline.
     */
    private static final class StallWatch implements Runnable {
        /** One daemon thread for every client: it only compares counters and closes streams. */
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sensors-http-stall-watch");
            thread.setDaemon(true);
            return thread;
        });

        private final InputStream body;
        private final Duration timeout;
        private final long deadline;
        private final ScheduledFuture<?> check;
        private final ScheduledFuture<?> atDeadline;
        private volatile long lastProgress = System.nanoTime();
        private volatile String stall;

        StallWatch(InputStream body, Duration timeout, long deadline) {
            this.body = body;
            this.timeout = timeout;
            this.deadline = deadline;
            long period = Math.max(1, timeout.toNanos() / 4);
            this.check = TIMER.scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
            this.atDeadline = TIMER.schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        void progressed() {
            lastProgress = System.nanoTime();
        }

        @Override
        public void run() {
            if (stall != null) {
                return;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                stop("the chunk deadline passed while the stream was still sending");
            } else if (now - lastProgress >= timeout.toNanos()) {
                stop("the stream stalled: no data for " + timeout.toMillis() + " ms");
            }
        }

        private void stop(String why) {
            stall = why;
            cancel();
            try {
                body.close(); // unblocks the reading thread with an IOException
            } catch (IOException e) {
                // Closing is all we can do; the reader reports the stall either way.
            }
        }

        boolean stalled() {
            return stall != null;
        }

        String message() {
            return stall;
        }

        void cancel() {
            check.cancel(false);
            atDeadline.cancel(false);
        }
    }

    private HttpRequest request(HourWindow window, Collection<String> stores, Duration timeout) {
        StringBuilder target = new StringBuilder(base.toString())
                .append("/v1/readings?from=")
                .append(window.from())
                .append("&to=")
                .append(window.to())
                .append(csvOnly ? "" : "&format=binary");
        for (String store : stores) {
            target.append("&store=").append(URLEncoder.encode(store, StandardCharsets.UTF_8));
        }
        return HttpRequest.newBuilder(URI.create(target.toString()))
                .timeout(timeout)
                .GET()
                .build();
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
        return "HttpTrafficClient[" + base + ", " + config + "]";
    }
}
