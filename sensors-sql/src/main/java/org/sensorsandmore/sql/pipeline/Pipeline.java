package org.sensorsandmore.sql.pipeline;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.UnknownStoreException;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.concurrent.Futures;
import org.sensorsandmore.core.io.DiskSpace;
import org.sensorsandmore.core.retry.Backoff;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.core.retry.Sleeper;
import org.sensorsandmore.core.text.Messages;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.alerts.AlertReport;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.alerts.Alerts;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly pipeline: fetches readings from a {@link TrafficClient} into a {@link Warehouse},
 * incrementally, idempotently and safely against a crash at any instant.
 *
 * <ul>
 *   <li>{@link #ingest(HourWindow)} stores an explicit window (Airflow's data interval).
 *   <li>{@link #catchUp(Instant)} stores every complete hour of every store, from the store's
 *       watermark (the first hour not yet stored) or, the first time, from the start date (or the
 *       store's opening, whichever is later), re-fetching the last {@code lookbackHours} before the
 *       watermark to pick up late corrections.
 * </ul>
 *
 * <p>A run is cut into chunks of at most {@code chunkHours}. Each chunk's readings, the new
 * watermarks of its stores and its counts in the run log ({@code pipeline_runs}) are committed in
 * one transaction: a process killed at any instant leaves the database as it was before a chunk or
 * after it, never in between, and the next run takes up from the watermarks. A chunk that fails is
 * tried again after an exponential back-off ({@link RetryPolicy}, {@link #DEFAULT_RETRY} unless told
 * otherwise); when it still fails, the run is logged {@link RunStatus#FAILED} and a {@link
 * PipelineException} names the chunk and the error.
 *
 * <p><b>Retries multiply.</b> The client retries each request by itself (an HTTP client's {@code
 * FetchConfig}: 5 attempts by default) and the pipeline retries the chunk around it: with the
 * defaults a request that never succeeds is sent at most 5 × 3 = 15 times for one chunk ({@link
 * RetryPolicy#worstCaseAttempts}; a {@link PipelineScheduler} multiplies again by its runs). Every
 * attempt is counted in the run log's {@code attempts} ({@link PipelineRun#attempts()}): 1, plus
 * each retry of a chunk, plus each retry the client reports ({@link
 * org.sensorsandmore.core.ReadingSink#retrying}; the HTTP clients do) while fetching readings.
 * After each run, the export folder, if one is set, is brought up to date ({@link
 * Warehouse#exportChanges}): the files of the days the run changed are rewritten, no others; an
 * export that fails fails the run. With {@link Builder#alerts}, the alert rules are evaluated
 * ({@link Alerts}), meanwhile, after every run (one that wrote nothing or failed too: that is when a
 * source goes stale); an alert's failure, a channel's included, is logged and never fails the run.
 *
 * <pre>{@code
 * try (Warehouse warehouse = Warehouse.open(Path.of("data/sensors.duckdb"))) {
 *     Pipeline pipeline = Pipeline.builder(client, warehouse)
 *             .since(LocalDateTime.of(2024, 7, 1, 0, 0))
 *             .lookbackHours(3)
 *             .exportTo(Path.of("data/views"))
 *             .build();
 *     PipelineRun run = pipeline.catchUp();   // every complete hour, per store's zone
 * }
 * }</pre>
 *
 * <p>This class is thread-safe; runs never overlap: a run asked for while one is in progress is
 * refused with a {@link PipelineBusyException}.
 */
public final class Pipeline {
    /**
     * The longest chunk unless told otherwise: four weeks. A chunk is what a failure fetches again
     * and what the run log counts; since a run's chunks defer their views to its end, what a chunk
     * costs beyond its readings is its commit, and a year's first catch-up of a 400 × 10 fleet took
     * 15 s of chunks in four-week ones against 20 to 30 s in weekly ones (BENCHMARKS.md).
     */
    public static final int DEFAULT_CHUNK_HOURS = 24 * 7 * 4;

    /** The lookback unless told otherwise: none. */
    public static final int DEFAULT_LOOKBACK_HOURS = 0;

    /** The most readings one run fetches unless told otherwise: no limit. */
    public static final long DEFAULT_MAX_READINGS = Long.MAX_VALUE;

    /**
     * How a failed chunk is tried again unless told otherwise: three attempts, waiting 1 s then 2 s
     * (inside each, the client's own retries of its requests).
     */
    public static final RetryPolicy DEFAULT_RETRY = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** The client, counting the retries it reports: the run log's attempts include them. */
    private final RetryCountingClient client;

    private final Warehouse warehouse;
    private final Clock clock;
    private final LocalDateTime since;
    private final List<String> stores;
    private final int lookbackHours;
    private final int chunkHours;
    private final long maxReadings;
    private final Backoff backoff;
    private final Path exportDirectory;
    private final Alerts alerts;
    private final Consumer<AlertReport> onAlerts;
    /** The source's stores as last fetched: their zones place "now" for the stale rule when the source is down. */
    private volatile StoreNetwork lastNetwork;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopRequested;

    private Pipeline(Builder builder) {
        this.client = new RetryCountingClient(builder.client);
        this.clock = builder.clock;
        this.warehouse = builder.warehouse;
        this.since = builder.since;
        this.stores = List.copyOf(builder.stores);
        this.lookbackHours = builder.lookbackHours;
        this.chunkHours = builder.chunkHours;
        this.maxReadings = builder.maxReadings;
        this.backoff = Backoff.of(builder.retry, builder.sleeper);
        this.exportDirectory = builder.exportDirectory;
        this.alerts = builder.alertSettings == null ? null : Alerts.of(warehouse, builder.alertSettings, clock);
        this.onAlerts = builder.onAlerts;
    }

    /**
     * @param client where readings come from
     * @param warehouse where they, the watermarks and the run log are stored
     * @return a builder with the defaults: system clock, no start date (a store's opening), no
     *     lookback, four-week chunks, {@link #DEFAULT_RETRY}, no export
     */
    public static Builder builder(TrafficClient client, Warehouse warehouse) {
        return new Builder(client, warehouse);
    }

    /**
     * Catches up to the clock's instant: {@code catchUp(clock.instant())}.
     *
     * @return the run as logged
     */
    public PipelineRun catchUp() {
        return catchUp(clock.instant());
    }

    /**
     * Stores every hour of every store that is complete at {@code now} in the store's zone.
     *
     * @param now the instant; a store's complete hours end at the start of its current local hour
     * @return the run as logged
     * @throws PipelineException when a chunk still fails after its retries (earlier chunks are kept)
     * @throws PipelineBusyException when a run is in progress
     */
    public PipelineRun catchUp(Instant now) {
        Objects.requireNonNull(now, "now");
        return catchUp(store -> LocalDateTime.ofInstant(now, store.zone()));
    }

    /**
     * Stores every hour that is complete when every store's local time is {@code wallClockNow}: the
     * original system's naive "now", and what a server started with a pinned {@code --now} answers.
     *
     * @param wallClockNow the store-local now, the same for every store
     * @return the run as logged
     * @throws PipelineException when a chunk still fails after its retries (earlier chunks are kept)
     * @throws PipelineBusyException when a run is in progress
     */
    public PipelineRun catchUp(LocalDateTime wallClockNow) {
        Objects.requireNonNull(wallClockNow, "wallClockNow");
        return catchUp(store -> wallClockNow);
    }

    private PipelineRun catchUp(Function<Store, LocalDateTime> localNow) {
        return execute(
                PipelineRun.Kind.CATCH_UP,
                PipelineTables.WatermarkAdvance.TO_END,
                network -> planCatchUp(selected(network), watermarks(), localNow),
                localNow);
    }

    /**
     * Stores an explicit window for every selected store (from its opening, when it opens inside the
     * window). Idempotent: the same window again writes nothing unless the source changed. Moves a
     * store's watermark only when the window joins or overlaps what is stored, so a later catch-up
     * never skips a gap.
     *
     * @param window the store-local hours
     * @return the run as logged
     * @throws PipelineException when a chunk still fails after its retries (earlier chunks are kept)
     * @throws PipelineBusyException when a run is in progress
     */
    public PipelineRun ingest(HourWindow window) {
        Objects.requireNonNull(window, "window");
        // An explicit window (a backfill) is "now" for the stale rule: its hours are what was asked for.
        return execute(
                PipelineRun.Kind.WINDOW,
                PipelineTables.WatermarkAdvance.IF_CONTIGUOUS,
                network -> planWindow(selected(network), window),
                store -> window.to());
    }

    /**
     * @param limit how many runs at most
     * @return the latest runs of the run log, newest first
     */
    public List<PipelineRun> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return history(warehouse, limit);
    }

    /**
     * Reads a warehouse's run log without a pipeline (for {@code sensors pipeline --history}).
     *
     * @param warehouse the warehouse
     * @param limit how many runs at most
     * @return the latest runs, newest first
     */
    public static List<PipelineRun> history(Warehouse warehouse, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return warehouse.read(connection -> PipelineTables.runs(connection, limit));
    }

    /**
     * Reads the run log a warehouse last published, without the database (for a dashboard beside
     * a running pipeline).
     *
     * @param views the published views of a warehouse
     * @param limit how many runs at most
     * @return the latest runs, newest first; none when no pipeline wrote the warehouse
     */
    public static List<PipelineRun> history(PublishedViews views, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return views.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'pipeline_runs'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return List.of();
                }
            }
            return PipelineTables.runs(connection, limit);
        });
    }

    /** @return each store's watermark: the first hour not yet stored, by store name */
    public Map<String, LocalDateTime> watermarks() {
        return warehouse.read(PipelineTables::watermarks);
    }

    /**
     * Asks the run in progress, and every later one, to stop at the next chunk boundary: the chunk
     * being stored is finished, the run is logged {@link RunStatus#STOPPED}, and what remains waits
     * for another pipeline. For a clean stop on SIGTERM.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** @return whether a run is in progress */
    public boolean isRunning() {
        return running.get();
    }

    private StoreNetwork selected(StoreNetwork network) {
        return network.only(stores);
    }

    private PipelineRun execute(
            PipelineRun.Kind kind,
            PipelineTables.WatermarkAdvance advance,
            Function<StoreNetwork, Plan> planner,
            Function<Store, LocalDateTime> localNow) {
        if (!running.compareAndSet(false, true)) {
            throw new PipelineBusyException("A pipeline run is already in progress; runs never overlap");
        }
        try {
            Instant startedAt = clock.instant();
            // Alerts are evaluated after every run, once: beside its export when it gets that far.
            boolean alertsEvaluated = false;
            long runId = warehouse.inTransaction(transaction -> {
                // Published with the run's plan, a moment later: one publish fewer per run.
                transaction.deferViews();
                return PipelineTables.startRun(transaction.connection(), kind, startedAt);
            });
            client.resetRetries();
            int chunkRetries = 0;
            HourWindow current = null;
            try {
                StoreNetwork network = client.network();
                lastNetwork = network;
                Plan plan = planner.apply(network);
                long readings = plan.readings(network);
                if (readings > maxReadings) {
                    // Refused before a single fetch: a mistyped year must not cost hours and gigabytes.
                    long bytes = readings > Long.MAX_VALUE / Warehouse.BYTES_PER_READING
                            ? Long.MAX_VALUE
                            : readings * Warehouse.BYTES_PER_READING;
                    String free = warehouse
                            .file()
                            .flatMap(DiskSpace::freeNear)
                            .map(space -> " (" + space + ")")
                            .orElse("");
                    throw new PipelineException(String.format(
                            Locale.ROOT,
                            "the run would fetch %,d readings (%s), about %s to store%s, more than the pipeline's"
                                    + " limit of %,d",
                            readings,
                            plan.window(),
                            DiskSpace.describe(bytes),
                            free,
                            maxReadings));
                }
                warehouse.inTransaction(transaction -> {
                    PipelineTables.planRun(transaction.connection(), runId, plan.window());
                    return null;
                });
                RunStatus status = RunStatus.SUCCEEDED;
                long written = 0;
                for (Chunk chunk : plan.chunks()) {
                    if (stopRequested) {
                        status = RunStatus.STOPPED;
                        break;
                    }
                    current = chunk.window();
                    for (int attempt = 1; ; attempt++) {
                        try {
                            IngestResult stored = ingestChunk(chunk, advance, runId, chunkRetries);
                            written += stored.written();
                            LOG.debug(
                                    "Run {}: committed chunk {} of {} store(s): fetched {}, wrote {}",
                                    runId,
                                    chunk.window(),
                                    chunk.stores().size(),
                                    stored.received(),
                                    stored.written());
                            break;
                        } catch (UnknownStoreException e) {
                            throw e;
                        } catch (SensorsException e) {
                            if (attempt >= backoff.policy().maxAttempts() || stopRequested) {
                                throw e;
                            }
                            chunkRetries++;
                            LOG.warn(
                                    "Run {}: chunk {} of {} failed (attempt {} of {}), retrying: {}",
                                    runId,
                                    chunk.window(),
                                    chunk.stores(),
                                    attempt,
                                    backoff.policy().maxAttempts(),
                                    e.getMessage());
                            pause(attempt + 1);
                        }
                    }
                }
                current = null;
                // The chunks deferred their views: one maintenance (a rebuild for a first catch-up)
                // and one publish for the run, inside its time.
                warehouse.catchUpViews();
                CompletableFuture<ExportResult> export = startExport();
                alertsEvaluated = true;
                evaluateAlerts(localNow);
                awaitExport(export);
                finishRun(runId, status, attempts(chunkRetries), null);
            } catch (RuntimeException e) {
                String where = current == null ? "" : " in the chunk " + current;
                String error = Messages.oneLine(e);
                PipelineRun failed = null;
                try {
                    finishRun(runId, RunStatus.FAILED, attempts(chunkRetries), error);
                    failed = run(runId);
                } catch (RuntimeException logFailure) {
                    e.addSuppressed(logFailure);
                }
                if (!alertsEvaluated) {
                    evaluateAlerts(localNow);
                }
                throw new PipelineException("Pipeline run " + runId + " failed" + where + ": " + error, e, failed);
            }
            return run(runId);
        } finally {
            running.set(false);
        }
    }

    /**
     * Starts bringing the export folder up to date, if one is set, on a thread of its own: it reads
     * the state the run committed on a connection of its own, while the alerts, which do not read
     * it, are evaluated. An hourly run of a 400-store fleet spends about 0.4 s exporting and 0.25 s
     * on the alerts.
     *
     * @return the export, or null when there is no folder
     */
    private CompletableFuture<ExportResult> startExport() {
        if (exportDirectory == null) {
            return null;
        }
        return CompletableFuture.supplyAsync(
                () -> warehouse.exportChanges(
                        exportDirectory, FailurePolicy.EXCLUDE, EnumSet.allOf(ExportFormat.class)),
                task -> new Thread(task, "sensors-pipeline-export").start());
    }

    /** Waits for {@link #startExport}'s export, and throws what it threw. */
    private static void awaitExport(CompletableFuture<ExportResult> export) {
        if (export != null) {
            Futures.await(
                    export,
                    "Interrupted while exporting the views",
                    "Cannot export the views",
                    WarehouseException::new);
        }
    }

    /**
     * In one transaction: stores the readings of one chunk, advances its stores' watermarks and adds
     * the counts to the run's row. Nothing of it is stored when it fails.
     */
    private IngestResult ingestChunk(
            Chunk chunk, PipelineTables.WatermarkAdvance advance, long runId, int chunkRetries) {
        return warehouse.inTransaction(transaction -> {
            // Readers see the run's chunks when it ends (catchUpViews), or at most MAX_VIEW_LAG late.
            transaction.deferViews();
            IngestResult result = transaction.ingest(client, chunk.window(), chunk.stores());
            Instant now = clock.instant();
            PipelineTables.advance(transaction.connection(), chunk.stores(), chunk.window(), advance, now);
            PipelineTables.addChunk(transaction.connection(), runId, result, attempts(chunkRetries));
            return result;
        });
    }

    /**
     * Evaluates the alert rules after a run, if any are set. Never throws: the run is logged
     * already, and an alert that cannot be evaluated or delivered must not fail it.
     */
    private void evaluateAlerts(Function<Store, LocalDateTime> localNow) {
        if (alerts == null) {
            return;
        }
        try {
            StoreNetwork network = lastNetwork;
            AlertReport report = alerts.run(name ->
                    network == null ? null : network.find(name).map(localNow).orElse(null));
            onAlerts.accept(report);
        } catch (RuntimeException e) {
            LOG.warn("Could not evaluate the alerts after the run (the next run tries again): {}", Messages.oneLine(e));
        }
    }

    /** Ends a run's row. */
    private void finishRun(long runId, RunStatus status, int attempts, String error) {
        Instant endedAt = clock.instant();
        warehouse.inTransaction(transaction -> {
            PipelineTables.finishRun(transaction.connection(), runId, status, endedAt, attempts, error);
            return null;
        });
    }

    private PipelineRun run(long runId) {
        return warehouse.read(connection -> PipelineTables.run(connection, runId));
    }

    /**
     * @param chunkRetries the retries of chunks so far in the run
     * @return the run's fetch attempts so far: 1, plus the chunk retries, plus the client's own
     */
    private int attempts(int chunkRetries) {
        return (int) Math.min(Integer.MAX_VALUE, 1L + chunkRetries + client.retries());
    }

    private void pause(int attempt) {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("Interrupted while waiting to retry", e, null);
        }
    }

    /** What a run fetches: the span of every store's window, and the chunks in time order. */
    record Plan(HourWindow window, List<Chunk> chunks) {
        /** @return the readings of every chunk */
        long readings(StoreNetwork network) {
            long readings = 0;
            for (Chunk chunk : chunks) {
                long sensors = 0;
                for (String store : chunk.stores()) {
                    sensors += network.store(store).sensorCount();
                }
                readings += chunk.window().hours() * sensors;
            }
            return readings;
        }
    }

    /** One transaction's worth: a window for some stores. */
    record Chunk(HourWindow window, List<String> stores) {}

    Plan planCatchUp(
            StoreNetwork network, Map<String, LocalDateTime> watermarks, Function<Store, LocalDateTime> localNow) {
        Map<String, HourWindow> windows = new LinkedHashMap<>();
        for (Store s : network.stores()) {
            LocalDateTime end = localNow.apply(s).truncatedTo(ChronoUnit.HOURS);
            LocalDateTime floor = since != null && since.isAfter(s.opened()) ? since : s.opened();
            LocalDateTime mark = watermarks.get(s.name());
            LocalDateTime start = mark == null ? floor : latest(floor, mark.minusHours(lookbackHours));
            windows.put(s.name(), start.isBefore(end) ? HourWindow.of(start, end) : HourWindow.of(end, end));
        }
        return plan(windows);
    }

    Plan planWindow(StoreNetwork network, HourWindow window) {
        Map<String, HourWindow> windows = new LinkedHashMap<>();
        for (Store s : network.stores()) {
            windows.put(s.name(), window.intersect(HourWindow.of(s.opened(), latest(s.opened(), window.to()))));
        }
        return plan(windows);
    }

    /** Groups stores with the same window (one request for them all), chunks, orders by time. */
    private Plan plan(Map<String, HourWindow> windows) {
        Map<HourWindow, List<String>> groups = new LinkedHashMap<>();
        LocalDateTime from = null;
        LocalDateTime to = null;
        for (Map.Entry<String, HourWindow> entry : windows.entrySet()) {
            HourWindow window = entry.getValue();
            if (window.isEmpty()) {
                continue;
            }
            groups.computeIfAbsent(window, w -> new ArrayList<>()).add(entry.getKey());
            from = from == null ? window.from() : earliest(from, window.from());
            to = to == null ? window.to() : latest(to, window.to());
        }
        List<Chunk> chunks = new ArrayList<>();
        groups.forEach((window, names) -> window.chunks(chunkHours).forEach(c -> chunks.add(new Chunk(c, names))));
        // Stable: at the same start, groups keep the network order of their first store.
        chunks.sort(Comparator.comparing((Chunk c) -> c.window().from()));
        HourWindow span;
        if (from != null) {
            span = HourWindow.of(from, to);
        } else {
            LocalDateTime end = windows.values().stream()
                    .map(HourWindow::to)
                    .max(Comparator.naturalOrder())
                    .orElse(LocalDateTime.of(1970, 1, 1, 0, 0));
            span = HourWindow.of(end, end);
        }
        return new Plan(span, List.copyOf(chunks));
    }

    private static LocalDateTime latest(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime earliest(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Builds a {@link Pipeline}; values are validated as they are set.
     *
     * <p>Not thread-safe; the pipeline it builds is.
     */
    public static final class Builder {
        private final TrafficClient client;
        private final Warehouse warehouse;
        private Clock clock = Clock.systemUTC();
        private LocalDateTime since;
        private Collection<String> stores = List.of();
        private int lookbackHours = DEFAULT_LOOKBACK_HOURS;
        private int chunkHours = DEFAULT_CHUNK_HOURS;
        private long maxReadings = DEFAULT_MAX_READINGS;
        private RetryPolicy retry = DEFAULT_RETRY;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Path exportDirectory;
        private AlertSettings alertSettings;
        private Consumer<AlertReport> onAlerts = report -> {};

        private Builder(TrafficClient client, Warehouse warehouse) {
            this.client = Objects.requireNonNull(client, "client");
            this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        }

        /**
         * @param clock what {@link #catchUp()} and the run log read the time from
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param since the first store-local hour a catch-up stores for a store with no watermark yet
         *     (a store that opens later starts at its opening); null for each store's opening
         * @return this builder
         */
        public Builder since(LocalDateTime since) {
            this.since = since == null ? null : Hours.requireWholeHour(since, "since");
            return this;
        }

        /**
         * @param stores the store names to fetch; empty for every store of the client's network
         * @return this builder
         */
        public Builder stores(Collection<String> stores) {
            this.stores = List.copyOf(stores);
            return this;
        }

        /**
         * @param hours hours before a store's watermark a catch-up fetches again, 0 or more
         * @return this builder
         */
        public Builder lookbackHours(int hours) {
            this.lookbackHours = (int) atLeast(0, hours, "The lookback must be 0 hours or more");
            return this;
        }

        /**
         * @param hours the longest window fetched and committed at once, at least 1
         * @return this builder
         */
        public Builder chunkHours(int hours) {
            this.chunkHours = (int) atLeast(1, hours, "A chunk must hold at least 1 hour");
            return this;
        }

        /**
         * @param readings the most readings one run may fetch, at least 1: a run that would fetch more
         *     (a catch-up from a far-off start, a mistyped now) fails before its first fetch, logged as
         *     {@code FAILED} with the count (default: no limit)
         * @return this builder
         */
        public Builder maxReadings(long readings) {
            this.maxReadings = atLeast(1, readings, "The reading limit must be at least 1");
            return this;
        }

        /** @return the value, when it is {@code least} or more; else fails with the rule and the value */
        private static long atLeast(long least, long value, String rule) {
            if (value < least) {
                throw new IllegalArgumentException(rule + ", not " + value);
            }
            return value;
        }

        /**
         * @param retry how a failed chunk is tried again (default {@link #DEFAULT_RETRY}); each attempt
         *     of a chunk makes its own requests, with the client's own retries
         * @return this builder
         */
        public Builder retry(RetryPolicy retry) {
            return retry(retry, sleeper);
        }

        /**
         * @param retry how a failed chunk is tried again
         * @param sleeper what waits between its attempts (default {@link Sleeper#SYSTEM}; a test's
         *     records the waits or moves a fake clock)
         * @return this builder
         */
        public Builder retry(RetryPolicy retry, Sleeper sleeper) {
            this.retry = Objects.requireNonNull(retry, "retry");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param directory the folder of the four views brought up to date after each run
         *     ({@link Warehouse#exportChanges}); null for none
         * @return this builder
         */
        public Builder exportTo(Path directory) {
            this.exportDirectory = directory;
            return this;
        }

        /**
         * @param settings the alert rules evaluated and the channels notified after each run (see
         *     {@link Alerts}); null for none (the default)
         * @return this builder
         */
        public Builder alerts(AlertSettings settings) {
            this.alertSettings = settings;
            return this;
        }

        /**
         * @param onAlerts told what each evaluation of the alerts did (the command line prints it)
         * @return this builder
         */
        public Builder onAlerts(Consumer<AlertReport> onAlerts) {
            this.onAlerts = Objects.requireNonNull(onAlerts, "onAlerts");
            return this;
        }

        /** @return the pipeline */
        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
