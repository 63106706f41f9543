package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.http.api.TrafficApiServer;
import picocli.CommandLine;

class ServeApiCommandTest {
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(CompletableFuture<TrafficApiServer> started) {
        CommandLine commandLine = SensorsCli.configure(new CommandLine(new SensorsCli()));
        commandLine.setErr(new PrintWriter(err, true));
        ServeApiCommand serve = commandLine.getSubcommands().get("serve-api").getCommand();
        serve.onStarted = started::complete;
        return commandLine;
    }

    @Test
    void servesTheOriginalsAnswersWithAPinnedNow() throws Exception {
        CompletableFuture<TrafficApiServer> started = new CompletableFuture<>();
        CommandLine commandLine = commandLine(started);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                commandLine.execute("serve-api", "--model", "classic", "--now", "2024-08-07T15:00", "--port", "0"));
        TrafficApiServer server = started.get(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        assertThat(get(http, base + "/?store_name=Paris&year=2022&month=7&day=30&hour=12&sensor_id=12"))
                .isEqualTo("5714");
        assertThat(get(http, base + "/?store_name=Paris&year=2022&month=7&day=30&hour=12"))
                .isEqualTo("147093");
        assertThat(get(http, base + "/health")).isEqualTo("{\"status\":\"UP\",\"now\":\"2024-08-07T15:00\"}");
        server.close();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    private static String get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void badOptionsExitWithUsage() {
        CommandLine commandLine = commandLine(new CompletableFuture<>());
        assertThat(commandLine.execute("serve-api", "--port", "0", "--fail-rate", "2"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(commandLine.execute("serve-api", "--port", "0", "--model", "magic"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("failRate must lie in [0, 1], not 2.0");
    }

    @Test
    void aTakenPortIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLine commandLine = commandLine(new CompletableFuture<>());
            assertThat(commandLine.execute("serve-api", "--port", Integer.toString(taken.getLocalPort())))
                    .isEqualTo(SensorsCli.EXIT_FAILURE);
            assertThat(err.toString().strip())
                    .startsWith("serve-api: Cannot serve on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n");
        }
    }
}
