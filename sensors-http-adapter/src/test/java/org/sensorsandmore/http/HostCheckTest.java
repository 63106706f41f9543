package org.sensorsandmore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;

/** Issue 13, case 13: both servers answered any {@code Host}, so DNS rebinding could read them. */
class HostCheckTest {

    @Test
    void apiOnLoopbackRefusesAnotherHostAsDnsRebindingAndAnswersItsOwnNames() throws IOException {
        try (TrafficApiServer server = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .build())) {
            String stores = "/v1/stores";
            for (String host : List.of(
                    "evil.example",
                    "evil.example:" + server.port(),
                    "127.0.0.1.evil.example",
                    "localhost.evil.example",
                    "[::1]",
                    "10.0.0.1")) {
                String answer = get(server.port(), stores, host);
                assertThat(answer).as(host).startsWith("HTTP/1.1 403 ");
                assertThat(body(answer))
                        .as(host)
                        .startsWith("{\"error\":\"host_not_allowed\",\"message\":\"Host '")
                        .contains("127.0.0.1, localhost", "--allowed-host")
                        .doesNotContain("Madrid", "Exception");
            }
            for (String malformed : List.of("127.0.0.1:x", "127.0.0.1:80:80", "[::1")) {
                // Jetty's parser refuses these itself (400 "Bad HostPort"); the check refuses the rest.
                assertThat(get(server.port(), stores, malformed)).as(malformed).matches("(?s)HTTP/1.1 40[03] .*");
            }
            for (String host : List.of(
                    "127.0.0.1",
                    "127.0.0.1:" + server.port(),
                    "localhost",
                    "LocalHost:" + server.port(),
                    "localhost.")) {
                String answer = get(server.port(), stores, host);
                assertThat(answer).as(host).startsWith("HTTP/1.1 200 ");
                assertThat(body(answer)).as(host).contains("Madrid");
            }
        }
    }

    @Test
    void apiAnswersAnAllowedHostGivenByConfiguration() throws IOException {
        try (TrafficApiServer server = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .allowedHosts(List.of("Sensors.Example", "::1"))
                .build())) {
            assertThat(get(server.port(), "/health", "sensors.example:8000")).startsWith("HTTP/1.1 200 ");
            assertThat(get(server.port(), "/health", "[::1]:8000")).startsWith("HTTP/1.1 200 ");
            assertThat(get(server.port(), "/health", "127.0.0.1")).startsWith("HTTP/1.1 200 ");
            assertThat(get(server.port(), "/health", "evil.example")).startsWith("HTTP/1.1 403 ");
        }
        try (TrafficApiServer server = TrafficApiServer.start(
                ApiServerConfig.builder().port(0).allowedHosts(List.of("*")).build())) {
            assertThat(get(server.port(), "/health", "evil.example")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void dashboardOnLoopbackRefusesAnotherHostAsDnsRebinding() throws IOException {
        try (Warehouse warehouse = Warehouse.inMemory();
                DashboardServer server =
                        DashboardServer.builder(warehouse).port(0).start();
                DashboardServer allowing = DashboardServer.builder(warehouse)
                        .port(0)
                        .allowedHosts(List.of("dashboard.example"))
                        .start()) {
            String refused = get(server.port(), "/api/stores", "evil.example");
            assertThat(refused).startsWith("HTTP/1.1 403 ");
            assertThat(body(refused)).startsWith("{\"error\":\"host_not_allowed\",");
            assertThat(get(server.port(), "/", "evil.example:" + server.port())).startsWith("HTTP/1.1 403 ");
            assertThat(get(server.port(), "/api/stores", "localhost:" + server.port()))
                    .startsWith("HTTP/1.1 200 ");
            assertThat(get(server.port(), "/api/stores", "127.0.0.1")).startsWith("HTTP/1.1 200 ");
            assertThat(get(allowing.port(), "/api/stores", "dashboard.example")).startsWith("HTTP/1.1 200 ");
            assertThat(get(allowing.port(), "/api/stores", "evil.example")).startsWith("HTTP/1.1 403 ");
        }
    }

    @ParameterizedTest(name = "bound to {0}, Host {1}: {2}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1:8000, true",
        "127.0.0.1, [::1], false",
        "127.0.0.1, 127.0.0.2, false",
        "::1, [::1]:8000, true",
        "::1, [0:0:0:0:0:0:0:1], true",
        "::1, localhost, true",
        "::1, 127.0.0.1, false",
        "localhost, [::1], true",
        "localhost, 127.0.0.1:80, true",
        "0.0.0.0, 192.168.1.20:8080, true",
        "0.0.0.0, [fe80::1], true",
        "0.0.0.0, localhost, true",
        "0.0.0.0, evil.example, false",
        "::, 10.0.0.1, true",
        "10.0.0.5, 10.0.0.5, true",
        "10.0.0.5, localhost, false",
        "sensors.lan, SENSORS.LAN:8000, true",
        "sensors.lan, 127.0.0.1, false",
        "127.0.0.1, '', false",
        "127.0.0.1, [::1, false",
        "127.0.0.1, localhost:, false",
        "0.0.0.0, [zz], false",
        "0.0.0.0, [1:2], false",
    })
    void answersTheNamesOfTheBoundAddress(String bound, String host, boolean allowed) {
        assertThat(new HostCheck(bound, List.of(), null).allows(host)).isEqualTo(allowed);
    }

    @Test
    void aMistypedAllowedHostIsRefusedBeforeTheServerStarts() {
        assertThatThrownBy(() -> ApiServerConfig.builder()
                        .allowedHosts(List.of("sensors.example:8000"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sensors.example:8000'");
        assertThatThrownBy(() -> HostCheck.requireNames(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThat(HostCheck.requireNames(List.of("A.Example.", "::1", "*")))
                .containsExactly("a.example", "[0:0:0:0:0:0:0:1]", "*");
    }

    private static String get(int port, String target, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
}
