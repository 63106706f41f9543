package org.sensorsandmore.examples.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.sensorsandmore.examples.cli.options.HostOptions;
import org.sensorsandmore.examples.cli.options.ModelOptions;
import org.sensorsandmore.examples.cli.options.NetworkOptions;
import org.sensorsandmore.examples.cli.terminal.CtrlC;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sensors serve-api}: the simulated client API, until interrupted. */
@Command(
        name = "serve-api",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the simulated client API: the original's per-hour route (/?store_name=&year=&month=&day=&hour="
                    + "[&sensor_id=]), /v1/stores, /v1/readings?from=&to=[&store=][&format=csv|ndjson|binary], /health and /openapi.json (its OpenAPI"
                    + " description).",
            "Runs until interrupted (Ctrl-C)."
        })
final class ServeApiCommand implements Callable<Integer> {

    @Mixin
    HostOptions hostOptions;

    @Option(
            names = "--port",
            defaultValue = "8000",
            description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    NetworkOptions networkOptions;

    @Option(
            names = "--now",
            paramLabel = "DATE[THH]",
            description = "Pin \"now\" (every store's wall clock) for reproducible runs (default: the real clock).")
    LocalDateTime now;

    @Option(
            names = "--max-window-hours",
            defaultValue = "8784",
            description = "Longest window /v1/readings streams per request (default: ${DEFAULT-VALUE}).")
    long maxWindowHours;

    @Option(
            names = "--fail-rate",
            defaultValue = "0",
            paramLabel = "R",
            description = "Share of requests answered 503, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double failRate;

    @Option(
            names = "--latency-ms",
            defaultValue = "0",
            paramLabel = "M",
            description = "Milliseconds added before each answer (default: ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(
            names = "--cut-rate",
            defaultValue = "0",
            paramLabel = "R",
            description = "Share of /v1/readings streams cut mid-way, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double cutRate;

    /** Tests get the running server here, to stop it. */
    Consumer<TrafficApiServer> onStarted = server -> {};

    @Override
    public Integer call() throws InterruptedException {
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("--latency-ms must be 0 or more, not " + latencyMillis);
        }
        ApiServerConfig.Builder builder = ApiServerConfig.builder()
                .host(hostOptions.host())
                .allowedHosts(hostOptions.allowedHosts())
                .port(port)
                .model(modelOptions.create())
                .network(networkOptions.network())
                .maxWindowHours(maxWindowHours)
                .failRate(failRate)
                .latency(Duration.ofMillis(latencyMillis))
                .cutRate(cutRate)
                .faultSeed(modelOptions.seed());
        if (now != null) {
            builder.now(now);
        }
        ApiServerConfig config = builder.build();
        TrafficApiServer server = TrafficApiServer.start(config);
        CtrlC ctrlC = CtrlC.install("sensors-api-stop", Duration.ofSeconds(10), server::close);
        try (ctrlC) {
            PrintStream err = System.err;
            err.println("Serving the client API on " + server.uri() + " (model " + modelOptions.model()
                    + (now != null ? ", now pinned at " + config.pinnedNow().orElseThrow() : "")
                    + (config.injectsFaults()
                            ? ", faults: fail " + failRate + ", latency " + latencyMillis + " ms, cut " + cutRate
                            : "")
                    + "). Ctrl-C to stop.");
            onStarted.accept(server);
            server.join();
        }
        return 0;
    }
}
