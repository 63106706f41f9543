package org.sensorsandmore.examples.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.text.Messages;
import org.sensorsandmore.examples.cli.options.AlertOptions;
import org.sensorsandmore.examples.cli.options.AtMinuteOption;
import org.sensorsandmore.examples.cli.options.DatabaseOption;
import org.sensorsandmore.examples.cli.options.FetchOptions;
import org.sensorsandmore.examples.cli.options.HourArgument;
import org.sensorsandmore.examples.cli.options.ModelOptions;
import org.sensorsandmore.examples.cli.options.PeriodArgument;
import org.sensorsandmore.examples.cli.options.ReadingLimit;
import org.sensorsandmore.examples.cli.terminal.CtrlC;
import org.sensorsandmore.http.client.FetchConfig;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.http.client.LegacyHttpTrafficClient;
import org.sensorsandmore.sql.DatabaseInUseException;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.pipeline.PipelineScheduler;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sensors pipeline}: the hourly pipeline, once, on a schedule, for an explicit window (as
 * Airflow calls it), or its run log.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fetch readings into the DuckDB warehouse incrementally: every complete hour since each store's"
                    + " watermark, in chunks committed with their watermarks and run-log row (a run killed at"
                    + " any instant is taken up by the next), then refresh the exported views.",
            "Exit codes: 0 done, 1 the run failed (one line on standard error), 2 bad arguments."
        })
final class PipelineCommand implements Callable<Integer>, DatabaseCommand {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    /** Where readings come from: the client API, or the simulator in process. */
    static final class Source {
        @Option(
                names = "--api",
                paramLabel = "URL",
                required = true,
                description = "Fetch from this client API (e.g. http://127.0.0.1:8000).")
        String api;

        @Option(
                names = "--simulate",
                required = true,
                description = "Simulate the readings in process (with --model and --seed) instead of fetching them.")
        boolean simulate;
    }

    @Option(names = "--legacy", description = "With --api: use the original per-hour route (the original server).")
    boolean legacy;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DatabaseOption database;

    @Option(
            names = "--since",
            paramLabel = "DATE[THH]",
            description = "First hour for a store with no watermark yet (default: the store's opening).")
    LocalDateTime since;

    @Option(
            names = "--lookback-hours",
            paramLabel = "N",
            defaultValue = "0",
            description = "Fetch the last N hours before each watermark again, for late corrections"
                    + " (default: ${DEFAULT-VALUE}).")
    int lookbackHours;

    @Option(
            names = "--chunk-hours",
            paramLabel = "N",
            defaultValue = "" + Pipeline.DEFAULT_CHUNK_HOURS,
            description = "Hours fetched and committed at once (default: ${DEFAULT-VALUE}).")
    int chunkHours;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            description = "Keep the four views (parquet and CSV, hourly views by day, daily views by month) up to"
                    + " date in this folder: each run rewrites the files of the days it changed.")
    Path export;

    @Option(
            names = "--now",
            paramLabel = "DATE[THH]",
            description = "Pin every store's wall-clock now (default: the API's /health, else the real clock).")
    LocalDateTime now;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    /** What to do. */
    static final class Mode {
        @Option(names = "--once", required = true, description = "Catch up once and exit.")
        boolean once;

        @Option(
                names = "--every",
                required = true,
                paramLabel = "PERIOD",
                description = "Catch up now, then every PERIOD (1h, 30m…) at --at-minute, until stopped.")
        String every;

        @Option(
                names = "--window",
                required = true,
                paramLabel = "FROM/TO",
                description = "Store exactly the hours [FROM, TO) (Airflow's data interval), then exit.")
        String window;

        @Option(names = "--history", required = true, description = "Print the run log and exit.")
        boolean history;
    }

    @Mixin
    AtMinuteOption atMinuteOption;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "With --history: the runs shown (default: ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    /** The clock for the run log and the schedule; tests pin it. */
    Clock clock = Clock.systemUTC();

    @Mixin
    FetchOptions fetchOptions;

    @Mixin
    ReadingLimit readingLimit;

    @Mixin
    AlertOptions alertOptions;

    /** Tests shorten the HTTP clients' back-off. */
    FetchConfig.Builder fetchConfig = FetchConfig.builder();

    /** The API's now, asked for while the database opens; taken by the first catch-up. */
    private final AtomicReference<CompletableFuture<Optional<SourceNow>>> askedNow = new AtomicReference<>();

    @Override
    public Integer call() {
        Path db = database.db();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (mode.history) {
            if (!Files.isRegularFile(db)) {
                throw new IllegalArgumentException("No database at " + db + ": no run yet (see --db)");
            }
            try (Warehouse warehouse = Warehouse.open(db)) {
                printHistory(out, warehouse);
            }
            return 0;
        }
        if (source == null) {
            throw new IllegalArgumentException("Say where readings come from: --api URL or --simulate");
        }
        if (legacy && source.api == null) {
            throw new IllegalArgumentException("--legacy goes with --api");
        }
        URI api = source.api == null ? null : parseApi(source.api);
        AlertSettings alerts = alertOptions.settings();
        HourWindow window = mode.window == null ? null : HourArgument.parseWindow(mode.window);
        Duration period = mode.every == null ? null : PeriodArgument.parse("--every", mode.every);
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        Pipeline[] pipeline = new Pipeline[1];
        // Checked before the database is opened: a bad --every or --at-minute creates no file.
        PipelineScheduler.Builder schedule = period == null
                ? null
                : PipelineScheduler.builder(at -> catchUp(pipeline[0], api))
                        .clock(clock)
                        .every(period)
                        .atMinute(atMinuteOption.atMinute())
                        .runAtStart(true);
        // SIGINT/SIGTERM: let the run in progress finish its chunk, log it, close the database.
        Runnable stopRun = () -> {
            if (scheduler[0] != null) {
                scheduler[0].stop();
            }
            if (pipeline[0] != null) {
                pipeline[0].requestStop();
            }
        };
        if (api != null && now == null && window == null) {
            askedNow.set(SourceNow.ask(api));
        }
        CtrlC ctrlC = CtrlC.install("sensors-pipeline-stop", Duration.ofMinutes(2), stopRun);
        try (ctrlC;
                TrafficClient client = client(api);
                Warehouse warehouse = openForRun(db)) {
            pipeline[0] = Pipeline.builder(client, warehouse)
                    .clock(clock)
                    .since(since)
                    .lookbackHours(lookbackHours)
                    .chunkHours(chunkHours)
                    .maxReadings(readingLimit.max())
                    .exportTo(export)
                    .alerts(alerts)
                    .onAlerts(report -> AlertOptions.report(err, report))
                    .build();
            if (window != null) {
                report(err, pipeline[0].ingest(window), warehouse);
            } else if (period == null) {
                report(err, catchUp(pipeline[0], api), warehouse);
            } else {
                scheduler[0] = schedule.onRun(run -> report(err, run, warehouse))
                        .onError(e -> err.println("pipeline: " + Messages.oneLine(e)))
                        .build();
                err.printf(
                        Locale.ROOT,
                        "Pipeline into %s: catching up now, then every %s at minute %d; stop with Ctrl-C%n",
                        db,
                        mode.every,
                        atMinuteOption.atMinute());
                err.flush();
                scheduler[0].run();
            }
        }
        return 0;
    }

    /**
     * The run log is a table of the database, so a file refused at open (truncated, not a database)
     * cannot log the run, and writing to it to try is what must not happen: the run is reported
     * FAILED in the command's one line instead, the file left as it was.
     */
    private static Warehouse openForRun(Path db) {
        try {
            return Warehouse.open(db);
        } catch (DatabaseInUseException e) {
            throw e; // another process runs: nothing failed, it says who holds the file
        } catch (WarehouseException e) {
            throw new WarehouseException("Pipeline run FAILED before it started: " + e.getMessage(), e);
        }
    }

    private TrafficClient client(URI api) {
        if (api == null) {
            return SimulatedClient.of(modelOptions.create(), StoreNetwork.original());
        }
        FetchConfig config = fetchOptions.applyTo(fetchConfig).build();
        return legacy
                ? LegacyHttpTrafficClient.create(api, StoreNetwork.original(), config)
                : HttpTrafficClient.create(api, config);
    }

    /**
     * A catch-up up to the source's now: {@code --now} when given; else what the API's {@code
     * /health} says (a pinned server answers a wall-clock time, a live one an instant); else the
     * clock (the simulator, or the original server, which has no {@code /health}).
     */
    private PipelineRun catchUp(Pipeline pipeline, URI api) {
        if (now != null) {
            return pipeline.catchUp(now);
        }
        // The original server has no /health: then the clock. The first run takes the answer asked
        // for at the start; a scheduled run asks again.
        CompletableFuture<Optional<SourceNow>> asked = askedNow.getAndSet(null);
        SourceNow sourceNow =
                api == null ? null : (asked != null ? SourceNow.answer(asked) : SourceNow.of(api)).orElse(null);
        if (sourceNow == null) {
            return pipeline.catchUp(clock.instant());
        }
        return sourceNow.wallClock() != null
                ? pipeline.catchUp(sourceNow.wallClock())
                : pipeline.catchUp(sourceNow.instant());
    }

    private void report(PrintWriter err, PipelineRun run, Warehouse warehouse) {
        report(err, run, warehouse, database.db());
    }

    /**
     * Prints a run's one line: what it fetched and wrote, and what the warehouse holds now. Shared
     * with {@code sensors demo}.
     */
    static void report(PrintWriter err, PipelineRun run, Warehouse warehouse, Path db) {
        long stored = warehouse.storedReadings();
        err.printf(
                Locale.ROOT,
                "Run %d %s: %s, fetched %,d, wrote %,d, %d attempt%s, %.2f s; %s holds %,d readings%s%n",
                run.id(),
                run.status(),
                run.window(),
                run.fetched(),
                run.written(),
                run.attempts(),
                run.attempts() == 1 ? "" : "s",
                run.duration().map(d -> d.toMillis() / 1000.0).orElse(0.0),
                db,
                stored,
                run.error() == null ? "" : " (" + run.error() + ")");
        err.flush();
    }

    private void printHistory(PrintWriter out, Warehouse warehouse) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        out.printf(
                Locale.ROOT,
                "%5s  %-8s  %-11s  %-40s  %-20s  %8s  %10s  %10s  %8s  %s%n",
                "run",
                "kind",
                "status",
                "window",
                "started (UTC)",
                "seconds",
                "fetched",
                "written",
                "attempts",
                "error");
        Pipeline.history(warehouse, limit)
                .forEach(run -> out.printf(
                        Locale.ROOT,
                        "%5d  %-8s  %-11s  %-40s  %-20s  %8s  %10d  %10d  %8d  %s%n",
                        run.id(),
                        run.kind(),
                        run.status(),
                        run.window() == null ? "-" : run.window().toString(),
                        run.startedAt()
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()
                                .replace("Z", ""),
                        run.duration()
                                .map(d -> String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0))
                                .orElse("-"),
                        run.fetched(),
                        run.written(),
                        run.attempts(),
                        run.error() == null ? "" : run.error()));
        out.flush();
    }

    static URI parseApi(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--api must be an http:// address, not '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--api is not an address: '" + text + "'", e);
        }
    }
}
