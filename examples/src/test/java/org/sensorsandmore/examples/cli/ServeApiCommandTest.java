package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    private final Cli cli = new Cli();

    private CommandLine commandLine(CompletableFuture<TrafficApiServer> started) {
        return cli.commandLine("serve-api", (ServeApiCommand serve) -> serve.onStarted = started::complete);
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

    /** Issue 13, case 13: only the names of --host are answered, and those given by --allowed-host. */
    @Test
    void answersOnlyItsOwnHostNamesAndThoseAllowedByTheFlag() throws Exception {
        CompletableFuture<TrafficApiServer> started = new CompletableFuture<>();
        CommandLine commandLine = commandLine(started);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
                "serve-api", "--port", "0", "--allowed-host", "sensors.example", "--allowed-host", "api.example"));
        TrafficApiServer server = started.get(10, TimeUnit.SECONDS);
        assertThat(statusLine(server.port(), "sensors.example:8000")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine(server.port(), "api.example")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine(server.port(), "localhost")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine(server.port(), "evil.example")).isEqualTo("HTTP/1.1 403 Forbidden");
        server.close();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(commandLine(new CompletableFuture<>()).execute("serve-api", "--port", "0", "--allowed-host", "a b"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err()).contains("An allowed host must be a host name or an address", "'a b'");
    }

    private static String statusLine(int port, String host) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return answer.substring(0, answer.indexOf("\r\n"));
        }
    }

    @Test
    void badOptionsExitWithUsage() {
        CommandLine commandLine = commandLine(new CompletableFuture<>());
        assertThat(commandLine.execute("serve-api", "--port", "0", "--fail-rate", "2"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(commandLine.execute("serve-api", "--port", "0", "--model", "magic"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err()).contains("failRate must lie in [0, 1], not 2.0");
    }

    @Test
    void aTakenPortIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLine commandLine = commandLine(new CompletableFuture<>());
            assertThat(commandLine.execute("serve-api", "--port", Integer.toString(taken.getLocalPort())))
                    .isEqualTo(SensorsCli.EXIT_FAILURE);
            assertThat(cli.err().strip())
                    .startsWith("serve-api: Cannot serve on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n");
        }
    }
}
