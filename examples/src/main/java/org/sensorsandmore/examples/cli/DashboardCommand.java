package org.sensorsandmore.examples.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sensors dashboard}: the dashboard over a warehouse file, until Ctrl-C. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = "Serve the dashboard (chart, table, sensor health, CSV) over a warehouse file.")
final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The warehouse file (DuckDB).")
    Path db;

    @Option(
            names = "--port",
            defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = DashboardServer.DEFAULT_HOST,
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "Also answer requests for this Host name (repeatable; * for any). Without it only the"
                    + " names of --host are answered (127.0.0.1 and localhost), against DNS rebinding.")
    List<String> allowedHosts = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Counted down by Ctrl-C (a shutdown hook), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Lets the shutdown hook wait until the server and the database are closed. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Whether to install the Ctrl-C hook; tests stop the command through {@link #stop}. */
    boolean handleCtrlC = true;

    @Override
    public Integer call() throws InterruptedException {
        // Warehouse.open would create an empty database: a typo in --db must not look like "no data".
        if (!Files.isRegularFile(db)) {
            throw new IllegalArgumentException("No warehouse file at " + db + " (give --db the pipeline's database)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        stopped.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "dashboard-ctrl-c");
        try (Warehouse warehouse = Warehouse.open(db);
                DashboardServer server = start(warehouse)) {
            out.println("Dashboard on " + server.uri() + "  (Ctrl-C to stop)");
            out.flush();
            if (handleCtrlC) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            stop.await();
        } finally {
            stopped.countDown();
        }
        out.println("Dashboard stopped.");
        out.flush();
        return 0;
    }

    private DashboardServer start(Warehouse warehouse) {
        try {
            return DashboardServer.builder(warehouse)
                    .host(host)
                    .allowedHosts(allowedHosts)
                    .port(port)
                    .start();
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage() + " (is another server on --port " + port + "?)", e);
        }
    }
}
