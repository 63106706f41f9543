package org.sensorsandmore.examples.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sensorsandmore.examples.cli.options.DashboardPortOption;
import org.sensorsandmore.examples.cli.options.HostOptions;
import org.sensorsandmore.examples.cli.terminal.CtrlC;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.DatabaseInUseException;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sensors dashboard}: the dashboard over a warehouse file, until Ctrl-C. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the dashboard (chart, table, sensor health, CSV) over the views a warehouse file publishes"
                    + " beside it (FILE.views/), or over a folder of published views.",
            "It never opens the database while its views are published, so a pipeline can write it meanwhile;"
                    + " each committed run shows within seconds."
        })
final class DashboardCommand implements Callable<Integer>, DatabaseCommand {

    @Option(names = "--db", paramLabel = "FILE", description = "The warehouse file (DuckDB).")
    Path db;

    @Option(
            names = "--views",
            paramLabel = "DIR",
            description = "A folder of published views (FILE.views/ of a warehouse, or spark-process --views).")
    Path views;

    @Option(
            names = "--wait",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "How long to wait for the views of a database that another process holds and has not"
                    + " published yet (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Mixin
    DashboardPortOption port;

    @Mixin
    HostOptions hostOptions;

    @Spec
    CommandSpec spec;

    /** Counted down by Ctrl-C (a shutdown hook), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Whether to install the Ctrl-C hook; tests stop the command through {@link #stop}. */
    boolean handleCtrlC = true;

    @Override
    public Integer call() throws InterruptedException {
        if ((db == null) == (views == null)) {
            throw new IllegalArgumentException("Give --db FILE (a warehouse) or --views DIR (its published views)");
        }
        Path folder = views != null ? views : published(db);
        PrintWriter out = spec.commandLine().getOut();
        CtrlC ctrlC = CtrlC.installIf(handleCtrlC, "dashboard-ctrl-c", Duration.ofSeconds(10), stop::countDown);
        try (ctrlC) {
            try (PublishedViews published = PublishedViews.open(folder);
                    DashboardServer server = start(published)) {
                out.println("Dashboard on " + server.uri() + "  (Ctrl-C to stop)");
                out.flush();
                stop.await();
            }
            // Before Ctrl-C's hook returns: the JVM ends once it has.
            out.println("Dashboard stopped.");
            out.flush();
        }
        return 0;
    }

    /**
     * The published views of a warehouse file. A file whose views were never published (written by
     * an older version) is opened once, which publishes them; when another process holds it, that
     * process publishes them as it opens, so they are waited for.
     */
    private Path published(Path file) throws InterruptedException {
        // Warehouse.open would create an empty database: a typo in --db must not look like "no data".
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No warehouse file at " + file + " (give --db the pipeline's database)");
        }
        Path folder = PublishedViews.folderOf(file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, waitSeconds));
        while (!PublishedViews.isPublished(folder)) {
            try (Warehouse warehouse = Warehouse.open(file)) {
                // Opening it publishes its views, or logs why it could not.
                if (!PublishedViews.isPublished(folder)) {
                    throw new IllegalArgumentException("Could not publish the views of " + file + " into " + folder);
                }
            } catch (DatabaseInUseException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalArgumentException(
                            "The views of " + file + " are not published, and another"
                                    + " process holds it: let that process finish a write, or stop it",
                            e);
                }
                Thread.sleep(200);
            }
        }
        return folder;
    }

    private DashboardServer start(PublishedViews published) {
        try {
            return DashboardServer.builder(published)
                    .host(hostOptions.host())
                    .allowedHosts(hostOptions.allowedHosts())
                    .port(port.port())
                    .start();
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (is another server on --port " + port.port() + "?)", e);
        }
    }
}
