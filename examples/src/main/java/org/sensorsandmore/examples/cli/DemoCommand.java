package org.sensorsandmore.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.text.Messages;
import org.sensorsandmore.examples.cli.options.AlertOptions;
import org.sensorsandmore.examples.cli.options.AtMinuteOption;
import org.sensorsandmore.examples.cli.options.DashboardPortOption;
import org.sensorsandmore.examples.cli.options.DatabaseOption;
import org.sensorsandmore.examples.cli.options.ModelOptions;
import org.sensorsandmore.examples.cli.terminal.CtrlC;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.pipeline.PipelineScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sensors demo}: the whole system in one process. A simulated client API on loopback, the
 * pipeline fetching from it over HTTP into a DuckDB file (the last weeks first, then every hour), and
 * the dashboard over the same warehouse, until Ctrl-C.
 *
 * <p>The pipeline and the dashboard share one {@link Warehouse}: DuckDB lets one process hold a
 * database file, and within it one connection writes while others read.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The whole system on this machine: a simulated client API, the hourly pipeline fetching from it"
                    + " into a DuckDB file (the last --weeks first, then every hour), and the dashboard.",
            "Prints the dashboard's address; Ctrl-C stops everything cleanly (a run in progress finishes its chunk)."
        })
final class DemoCommand implements Callable<Integer>, DatabaseCommand {
    /** How far back a new database is filled: the original's running baseline needs four weeks, the chart more. */
    static final int DEFAULT_WEEKS = 8;

    @Mixin
    DatabaseOption database;

    @Option(
            names = "--weeks",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_WEEKS,
            description = "Weeks fetched before now into a new database (default: ${DEFAULT-VALUE}); an existing"
                    + " one continues from where it stopped.")
    int weeks;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            defaultValue = "data/views",
            description = "Where each run brings the four views up to date as parquet and CSV, rewriting the files"
                    + " of the days it changed (default: ${DEFAULT-VALUE}).")
    Path export;

    @Mixin
    DashboardPortOption port;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "The simulated client API's port (default: ${DEFAULT-VALUE}, any free one).")
    int apiPort;

    @Option(
            names = "--host",
            defaultValue = DashboardServer.DEFAULT_HOST,
            description = "Address both servers listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AlertOptions alertOptions;

    @Mixin
    AtMinuteOption atMinuteOption;

    @Spec
    CommandSpec spec;

    /** The clock of the simulated API, the pipeline and its schedule; tests pin it. */
    Clock clock = Clock.systemUTC();

    /** Counted down by Ctrl-C (a shutdown hook), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Whether to install the Ctrl-C hook; tests stop the command through {@link #stop}. */
    boolean handleCtrlC = true;

    /** Tests learn here that a pipeline run has finished. */
    Consumer<PipelineRun> onRun = run -> {};

    @Override
    public Integer call() throws InterruptedException {
        // Everything a user can get wrong is checked before the database file is created.
        if (weeks < 1) {
            throw new IllegalArgumentException("--weeks must be at least 1, not " + weeks);
        }
        int minute = atMinuteOption.atMinute();
        requireFreePort("--port", port.port());
        requireFreePort("--api-port", apiPort);
        AlertSettings alerts = alertOptions.settings();
        Path db = database.db();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A database that already has watermarks continues from them; `since` only places new stores.
        LocalDateTime since =
                LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusWeeks(weeks).atStartOfDay();
        CtrlC ctrlC = CtrlC.installIf(handleCtrlC, "sensors-demo-stop", Duration.ofMinutes(2), stop::countDown);
        try (ctrlC) {
            runUntilStopped(db, since, minute, alerts, out, err);
            // Before Ctrl-C's hook returns: the JVM ends once it has.
            out.println("Demo stopped.");
            out.flush();
        }
        return 0;
    }

    /** Serves, fetches and stores until {@link #stop}, then closes everything. */
    private void runUntilStopped(
            Path db, LocalDateTime since, int minute, AlertSettings alerts, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        // Opened in this order so that closing in reverse stops the pipeline before its source and
        // its database go away.
        try (Warehouse warehouse = Warehouse.open(db);
                TrafficApiServer api = TrafficApiServer.start(ApiServerConfig.builder()
                        .host(host)
                        .port(apiPort)
                        .model(modelOptions.create())
                        .network(StoreNetwork.original())
                        .clock(clock)
                        .build());
                DashboardServer dashboard = DashboardServer.builder(warehouse)
                        .host(host)
                        .port(port.port())
                        .start();
                HttpTrafficClient client = HttpTrafficClient.create(api.uri())) {
            Pipeline pipeline = Pipeline.builder(client, warehouse)
                    .clock(clock)
                    .since(since)
                    .exportTo(export)
                    .alerts(alerts)
                    .onAlerts(report -> AlertOptions.report(err, report))
                    .build();
            // A database that was run before continues from its watermarks, not from --weeks ago.
            String from = pipeline.watermarks().values().stream()
                    .min(Comparator.naturalOrder())
                    .map(mark -> "continuing from where it stopped (" + mark + ")")
                    .orElse("catching up from " + since.toLocalDate());
            try (PipelineScheduler scheduler = PipelineScheduler.builder(pipeline)
                    .clock(clock)
                    .atMinute(minute)
                    .runAtStart(true)
                    .onRun(run -> {
                        PipelineCommand.report(err, run, warehouse, db);
                        onRun.accept(run);
                    })
                    .onError(e -> err.println("demo: pipeline: " + Messages.oneLine(e)))
                    .build()) {
                out.println("Dashboard on " + dashboard.uri() + "  (Ctrl-C to stop)");
                out.printf(
                        Locale.ROOT,
                        "Client API (%s model) on %s; pipeline into %s, views in %s: %s, then every hour at minute"
                                + " %d%n",
                        modelOptions.model(),
                        api.uri(),
                        db,
                        export,
                        from,
                        minute);
                out.flush();
                scheduler.start();
                stop.await();
                out.println("Stopping: the pipeline finishes the chunk in progress…");
                out.flush();
            }
        }
    }

    /** A port taken by another program, found before anything is created rather than after. */
    private void requireFreePort(String option, int value) {
        if (value == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, value));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option + " " + value + " on " + host + " is not free (" + e.getMessage()
                            + "): give another, or 0 for any free one",
                    e);
        }
    }
}
