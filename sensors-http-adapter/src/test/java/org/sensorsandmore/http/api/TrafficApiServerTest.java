package org.sensorsandmore.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.http.ReadingBinaryFormat;

class TrafficApiServerTest {
    private static final String NAMES = "Madrid, Paris, Berlin, Roma, London";
    private static TrafficApiServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .maxWindowHours(1000)
                .build());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String target) throws IOException, InterruptedException {
        return send("GET", target);
    }

    static HttpResponse<String> send(String method, String target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String q(String store, int year, int month, int day, int hour, Integer sensor) {
        return "/?store_name=" + store + "&year=" + year + "&month=" + month + "&day=" + day + "&hour=" + hour
                + (sensor == null ? "" : "&sensor_id=" + sensor);
    }

    static Stream<Arguments> originalAnswers() {
        String paris = "&year=2022&month=7&day=30&hour=12";
        return Stream.of(
                Arguments.of(q("Paris", 2022, 7, 30, 12, 12), 200, "5714"),
                Arguments.of(q("Paris", 2022, 7, 30, 12, null), 200, "147093"),
                Arguments.of(q("Paris", 2024, 7, 12, 23, 0), 200, "-1"),
                Arguments.of(q("Paris", 2024, 7, 1, 9, 3), 200, "7703"),
                Arguments.of(q("Paris", 2018, 1, 1, 0, 3), 200, "-2"),
                Arguments.of(q("Paris", 2017, 5, 1, 12, null), 200, "-2"),
                Arguments.of(q("Madrid", 2024, 1, 1, 0, 0), 200, "-2"),
                Arguments.of(q("Madrid", 2024, 8, 7, 15, 0), 200, "1058"),
                Arguments.of(q("Madrid", 2024, 8, 7, 16, 0), 404, "\"Use a date in the past.\""),
                Arguments.of(q("Madrid", 2030, 1, 1, 10, null), 404, "\"Use a date in the past.\""),
                Arguments.of("/?store_name=Toulouse" + paris, 404, notFound("Toulouse")),
                Arguments.of("/?store_name=paris" + paris, 404, notFound("paris")),
                Arguments.of("/?store_name=" + paris, 404, notFound("")),
                Arguments.of("/?store_name=S%C3%A3o+Paulo" + paris, 404, notFound("São Paulo")),
                Arguments.of(
                        "/?store_name=a%22b%5Cc" + paris,
                        404,
                        "\"Store 'a\\\"b\\\\c' not found. It should one of the following names: " + NAMES + ".\""),
                Arguments.of(
                        q("Paris", 2022, 7, 30, 12, 20), 404, "\"Sensor_id for this shop should be between 0 and 19\""),
                Arguments.of(
                        q("Paris", 2022, 7, 30, 12, 21), 404, "\"Sensor_id for this shop should be between 0 and 19\""),
                Arguments.of(
                        q("Paris", 2022, 7, 30, 12, -1), 404, "\"Sensor_id for this shop should be between 0 and 19\""),
                Arguments.of(
                        q("Madrid", 2022, 7, 30, 12, 2), 404, "\"Sensor_id for this shop should be between 0 and 0\""),
                Arguments.of(
                        "/?store_name=Paris" + paris + "&sensor_id=123456789012345678901234567890",
                        404,
                        "\"Sensor_id for this shop should be between 0 and 19\""),
                // unknown parameters are ignored, as FastAPI ignores them
                Arguments.of(q("Paris", 2022, 7, 30, 12, 12) + "&colour=red", 200, "5714"));
    }

    private static String notFound(String store) {
        return "\"Store '" + store + "' not found. It should one of the following names: " + NAMES + ".\"";
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("originalAnswers")
    void legacyRouteAnswersAsTheOriginalToTheByte(String target, int status, String body) throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    static Stream<Arguments> sensorIdEqualToTheSensorCount() {
        String sensor20 = "&sensor_id=20"; // Paris has sensors 0 to 19
        return Stream.of(
                Arguments.of("/?store_name=Paris&year=2017&month=5&day=1&hour=12" + sensor20, 200, "-2"),
                Arguments.of("/?store_name=Paris&year=2018&month=1&day=1&hour=0" + sensor20, 200, "-2"),
                Arguments.of(
                        "/?store_name=Paris&year=2030&month=1&day=1&hour=10" + sensor20,
                        404,
                        "\"Use a date in the past.\""),
                Arguments.of(
                        "/?store_name=Paris&year=2024&month=8&day=7&hour=16" + sensor20,
                        404,
                        "\"Use a date in the past.\""),
                // where the original failed with a 500, the sensor's 404
                Arguments.of(
                        "/?store_name=Paris&year=2022&month=7&day=30&hour=12" + sensor20,
                        404,
                        "\"Sensor_id for this shop should be between 0 and 19\""),
                Arguments.of("/?store_name=Madrid&year=2023&month=12&day=31&hour=23&sensor_id=1", 200, "-2"));
    }

    /** Issue 13, case 15: the original's check was {@code sensor_id > n}, so n reached its date checks. */
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("sensorIdEqualToTheSensorCount")
    void sensorIdEqualToTheSensorCountGetsTheOriginalsDateAnswers(String target, int status, String body)
            throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    /** Issue 13, case 15: Python's parse_qsl (since 3.9.2), and so FastAPI, splits at {@code &} only. */
    @Test
    void semicolonIsPartOfAParameterValueNotASeparator() throws Exception {
        HttpResponse<String> store = get("/?store_name=Paris;x=1&year=2022&month=7&day=30&hour=12&sensor_id=12");
        assertThat(store.statusCode()).isEqualTo(404);
        assertThat(store.body()).isEqualTo(notFound("Paris;x=1"));

        HttpResponse<String> year = get("/?store_name=Paris&year=2022;month=7&day=30&hour=12");
        assertThat(year.statusCode()).isEqualTo(422);
        assertThat(year.body()).contains("'year' must be an integer, not \\\"2022;month=7\\\"", "'month' is missing");
    }

    /**
     * Issue 13, case 14: on a machine in Paris (13:30 UTC, 15:30 there) the original's script asks
     * every store's hours up to 15:00; the route decided "past" in each store's zone, so London's
     * 15:00 (14:30 there) was a 404 and the script stopped. Like the original, it now uses the
     * machine's one local clock, here the clock's zone; the bulk route keeps each store's zone.
     */
    @Test
    void legacyRouteDecidesThePastByTheMachinesLocalClockAsTheOriginalDid() throws Exception {
        Instant instant = Instant.parse("2024-08-07T13:30:00Z");
        try (TrafficApiServer paris = TrafficApiServer.start(ApiServerConfig.builder()
                        .port(0)
                        .model(new ClassicModel())
                        .clock(Clock.fixed(instant, ZoneId.of("Europe/Paris")))
                        .build());
                TrafficApiServer newYork = TrafficApiServer.start(ApiServerConfig.builder()
                        .port(0)
                        .model(new ClassicModel())
                        .clock(Clock.fixed(instant, ZoneId.of("America/New_York")))
                        .build())) {
            // The original script's requests for the day, on the Paris machine: every one answered.
            for (String store : StoreNetwork.original().names()) {
                for (int hour = 0; hour <= 15; hour++) {
                    HttpResponse<String> response = get(paris.port(), q(store, 2024, 8, 7, hour, 0));
                    assertThat(response.statusCode())
                            .as(store + " " + hour + ": " + response.body())
                            .isEqualTo(200);
                }
            }
            assertThat(get(paris.port(), q("London", 2024, 8, 7, 16, 0)).body())
                    .isEqualTo("\"Use a date in the past.\"");
            // West of the stores, their afternoon is the machine's future, as it was for the original.
            assertThat(get(newYork.port(), q("Paris", 2024, 8, 7, 9, 0)).statusCode())
                    .isEqualTo(200);
            assertThat(get(newYork.port(), q("Paris", 2024, 8, 7, 10, 0)).body())
                    .isEqualTo("\"Use a date in the past.\"");
            assertThat(get(newYork.port(), "/v1/readings?from=2024-08-07T10&to=2024-08-07T16&store=Paris")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(int port, String target) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badInputs() {
        String ok = "store_name=Paris&year=2022&month=7&day=30&hour=12";
        String huge = "9".repeat(30);
        return Stream.of(
                        // where the original answered 500
                        gets(
                                400,
                                "invalid_date",
                                "/?store_name=Paris&year=2022&month=13&day=1&hour=12",
                                "/?store_name=Paris&year=2023&month=2&day=30&hour=12",
                                "/?store_name=Paris&year=2022&month=7&day=30&hour=24",
                                "/?store_name=Paris&year=2022&month=7&day=30&hour=-1",
                                "/?store_name=Paris&year=0&month=7&day=30&hour=1",
                                "/?store_name=Paris&year=10000&month=7&day=30&hour=1",
                                "/?store_name=Paris&year=" + huge + "&month=7&day=30&hour=1",
                                "/?store_name=Paris&year=-" + huge + "&month=7&day=30&hour=1",
                                "/?store_name=Paris&year=2022&month=7&day=0&hour=1",
                                "/?store_name=Paris&year=2022&month=-7&day=3&hour=1"),
                        // missing or not integers: 422, as FastAPI
                        gets(
                                422,
                                "invalid_parameter",
                                "/",
                                "/?store_name=Paris&month=7&day=30&hour=12",
                                "/?year=2022&month=7&day=30&hour=12",
                                "/?store_name=Paris&year=abc&month=7&day=30&hour=12",
                                "/?store_name=Paris&year=&month=7&day=30&hour=12",
                                "/?store_name=Paris&year=2022.0&month=7&day=30&hour=12",
                                "/?store_name=Paris&year=%C3%A9&month=7&day=30&hour=12",
                                "/?" + ok + "&sensor_id=",
                                "/?" + ok + "&sensor_id=one",
                                "/?" + ok + "&year=2023",
                                "/?" + ok + "&store_name=Roma"),
                        // routes and methods
                        gets(404, "not_found", "/nothing", "/v1", "/v1/readings/"),
                        Stream.of(
                                Arguments.of("POST", "/?" + ok, 405, "method_not_allowed"),
                                Arguments.of("DELETE", "/v1/stores", 405, "method_not_allowed"),
                                Arguments.of("PUT", "/v1/readings", 405, "method_not_allowed"),
                                Arguments.of("OPTIONS", "/health", 405, "method_not_allowed")),
                        // bulk route
                        gets(422, "invalid_parameter", "/v1/readings", "/v1/readings?from=2024-07-01"),
                        gets(
                                400,
                                "invalid_parameter",
                                "/v1/readings?from=2024-07-01&to=2024-13-01",
                                "/v1/readings?from=2024-07-01T09:30&to=2024-07-02"),
                        gets(400, "invalid_window", "/v1/readings?from=2024-07-02&to=2024-07-01"),
                        gets(400, "window_too_long", "/v1/readings?from=2024-01-01&to=2024-08-01"),
                        gets(400, "future_window", "/v1/readings?from=2024-08-07&to=2024-08-08"),
                        gets(404, "unknown_store", "/v1/readings?from=2024-07-01&to=2024-07-02&store=Nowhere"),
                        gets(
                                400,
                                "invalid_parameter",
                                "/v1/readings?from=2024-07-01&to=2024-07-02&format=xml",
                                "/v1/readings?from=2024-07-01&to=2024-07-02&sensor=1"),
                        gets(404, "unknown_sensor", "/v1/readings?from=2024-07-01&to=2024-07-02&store=Roma&sensor=4"),
                        gets(400, "invalid_parameter", "/v1/readings?from=" + huge + "&to=2024-07-02"),
                        gets(422, "invalid_parameter", "/v1/readings?from=2024-07-01&from=2024-07-02&to=2024-07-03"),
                        // too large for Jetty's header buffer: Jetty's own error, still JSON
                        gets(414, null, "/?store_name=" + "x".repeat(20_000)))
                .flatMap(group -> group);
    }

    /** GET requests of the targets, each answered with the status and error code. */
    private static Stream<Arguments> gets(int status, String error, String... targets) {
        return Stream.of(targets).map(target -> Arguments.of("GET", target, status, error));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("badInputs")
    void badInputGetsAJsonClientErrorNeverA500(String method, String target, int status, String error)
            throws Exception {
        HttpResponse<String> response = send(method, target);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertJsonError(response.body(), error);
        if (status == 405) {
            assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
        }
    }

    static Stream<String> getTargets() {
        return Stream.of(
                "/health",
                "/v1/stores",
                "/?store_name=Paris&year=2022&month=7&day=30&hour=12&sensor_id=12",
                "/?store_name=Paris&year=2022&month=7&day=30&hour=12",
                "/?store_name=Nowhere&year=2022&month=7&day=30&hour=12",
                "/?store_name=Paris&year=2022&month=13&day=30&hour=12",
                "/?store_name=Paris",
                "/v1/readings?from=2024-07-01&to=2024-07-03",
                "/v1/readings?from=2024-07-01T09&to=2024-07-01T11&store=Paris&sensor=3&format=ndjson",
                "/v1/readings?from=2024-07-01T09&to=2024-07-01T11&store=Paris&sensor=3&format=binary",
                "/v1/readings?from=2024-08-07&to=2024-08-08",
                "/nothing");
    }

    /** Issue 13, case 12: HTTP requires HEAD wherever GET works; it was a 405. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("getTargets")
    void headAnswersWhereGetDoesWithItsStatusAndHeadersAndNoBody(String target) throws Exception {
        HttpResponse<String> get = get(target);
        HttpResponse<String> head = send("HEAD", target);
        assertThat(head.statusCode()).isEqualTo(get.statusCode());
        assertThat(withoutDate(head.headers().map()))
                .isEqualTo(withoutDate(get.headers().map()));
        assertThat(head.body()).isEmpty();
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new TreeMap<>(headers);
        kept.remove("date");
        return kept;
    }

    /** A HEAD of a stream sends no chunk at all, or the next answer on the connection would be garbled. */
    @Test
    void headOfAStreamLeavesTheConnectionCleanForTheNextRequest() throws Exception {
        String answer = rawRequest("HEAD /v1/readings?from=2024-07-01&to=2024-07-02 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String[] parts = answer.split("\r\n\r\n", -1);
        assertThat(parts[0]).startsWith("HTTP/1.1 200 ").contains("Transfer-Encoding: chunked");
        assertThat(parts[1]).startsWith("HTTP/1.1 200 ");
        assertThat(parts[2]).isEqualTo("{\"status\":\"UP\",\"now\":\"2024-08-07T15:00\"}");
    }

    /** Readers that never read hold a stream's thread until the idle timeout: they may not hold every one. */
    @Test
    void readersThatNeverReadCannotStallTheHealthCheck() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        // A year of NDJSON, 34 MB a stream: far more than the sockets' buffers hold.
        try (TrafficApiServer server = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .build())) {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                socket.getOutputStream()
                        .write(
                                ("GET /v1/readings?from=2023-08-01&to=2024-07-31&format=ndjson HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket); // and never read from
            }
            // Each is answered at once, by its status line: a stream, or the limit's 503.
            Map<String, Integer> statuses = new TreeMap<>();
            for (Socket socket : stalled) {
                socket.setSoTimeout(10_000);
                String statusLine = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                statuses.merge(statusLine, 1, Integer::sum);
            }
            assertThat(statuses.keySet()).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 503 Service Unavailable");
            assertThat(statuses.get("HTTP/1.1 200 OK")).isLessThanOrEqualTo(ApiHandler.MAX_STREAMS);

            long started = System.nanoTime();
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            HttpResponse<String> more = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(server.uri() + "v1/readings?from=2024-07-01&to=2024-07-02"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(more.statusCode()).isEqualTo(503);
            assertThat(more.headers().firstValue("retry-after")).hasValue("1");
            assertJsonError(more.body(), "busy");
            for (Socket socket : stalled) {
                socket.close();
            }
            // Their threads come back: a stream is served again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpRequest one = HttpRequest.newBuilder(
                            URI.create(server.uri() + "v1/readings?from=2024-07-01&to=2024-07-01T01:00"))
                    .build();
            while (HttpClient.newHttpClient()
                            .send(one, HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                    == 503) {
                assertThat(System.nanoTime()).as("a stream served again").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    static void assertJsonError(String body, String error) {
        assertThat(body).startsWith("{\"error\":\"").contains(",\"message\":\"").endsWith("\"}");
        assertThat(body).doesNotContain("\tat ", "Exception", "<html");
        if (error != null) {
            assertThat(body).startsWith("{\"error\":\"" + error + "\"");
        }
    }

    @Test
    void malformedRequestsOnTheWireGetJsonErrors() throws Exception {
        for (String raw : List.of(
                "GET /?store_name=Paris&year=%zz&month=7&day=30&hour=12 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GARBAGE\r\n\r\n",
                "GET /?store_name=S\u00e3o HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /?store_name=Paris HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")) {
            String answer = rawRequest(raw);
            // An unknown protocol version is answered by Jetty's parser with 505, which is what HTTP says.
            assertThat(answer).as(raw).matches("(?s)HTTP/1.1 (4\\d\\d|505) .*");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            if (!body.isEmpty()) {
                assertJsonError(body, null);
            }
        }
    }

    private static String rawRequest(String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void randomQueryStringsNeverGetA5xx() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        String[] names = {
            "store_name", "year", "month", "day", "hour", "sensor_id", "from", "to", "store", "format", "x"
        };
        String[] values = {
            "Paris",
            "Roma",
            "",
            "-1",
            "0",
            "7",
            "12",
            "2022",
            "2024-07-01",
            "99999999999999999999",
            "+",
            "%C3%A9",
            "%00",
            "a=b",
            "NULL",
            "1e3",
            "%25",
            "%252",
            "%FF%FE"
        };
        String[] paths = {"/", "/v1/readings", "/v1/stores", "/health"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder target = new StringBuilder(paths[random.nextInt(paths.length)]).append('?');
            int parameters = random.nextInt(9);
            for (int p = 0; p < parameters; p++) {
                target.append(names[random.nextInt(names.length)]).append('=');
                target.append(
                        random.nextInt(4) == 0
                                ? Integer.toString(random.nextInt(-30, 3000))
                                : values[random.nextInt(values.length)]);
                target.append('&');
            }
            HttpResponse<String> response = get(target.toString());
            assertThat(response.statusCode()).as(target.toString()).isLessThan(500);
        }
        assertThat(get(q("Paris", 2022, 7, 30, 12, 12)).body()).isEqualTo("5714");
    }

    @Test
    void healthSaysUpAndNow() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"now\":\"2024-08-07T15:00\"}");
    }

    @Test
    void storesListsNameZoneOpeningAndSensorCount() throws Exception {
        String body = get("/v1/stores").body();
        assertThat(body)
                .startsWith(
                        "[{\"name\":\"Madrid\",\"zone\":\"Europe/Madrid\",\"opened\":\"2024-01-01T00:00\",\"sensors\":1},")
                .contains(
                        "{\"name\":\"London\",\"zone\":\"Europe/London\",\"opened\":\"2014-01-01T00:00\",\"sensors\":8}]");
    }

    @Test
    void readingsStreamTheGeneratorsCsvChunked() throws Exception {
        HttpResponse<String> response = get("/v1/readings?from=2024-07-01T01:00&to=2024-07-03");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        StringBuilder expected = new StringBuilder();
        try (var csv = org.sensorsandmore.core.csv.ReadingCsvWriter.of(
                expected, org.sensorsandmore.core.csv.ReadingCsvFormat.LIBRARY)) {
            ReadingGenerator.of(new ClassicModel(), StoreNetwork.original())
                    .generate(
                            HourWindow.of(LocalDateTime.of(2024, 7, 1, 1, 0), LocalDateTime.of(2024, 7, 3, 0, 0)), csv);
        }
        assertThat(response.body()).isEqualTo(expected.toString());
    }

    @Test
    void readingsOfOneSensorAsNdjson() throws Exception {
        HttpResponse<String> response =
                get("/v1/readings?from=2024-07-01T09&to=2024-07-01T11&store=Paris&sensor=3&format=ndjson");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().lines().toList())
                .containsExactly(
                        "{\"store\":\"Paris\",\"sensor_id\":3,\"hour\":\"2024-07-01T09:00\",\"visits\":7703,\"status\":\"OK\",\"anomaly\":false}",
                        "{\"store\":\"Paris\",\"sensor_id\":3,\"hour\":\"2024-07-01T10:00\",\"visits\":7259,\"status\":\"OK\",\"anomaly\":false}");
    }

    @Test
    void readingsOfOneSensorInTheBinaryFormatAreTheCsvsRowsAsRecords() throws Exception {
        String target = "/v1/readings?from=2024-07-01T09&to=2024-07-01T11&store=Paris&sensor=3";
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target + "&format=binary"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(ReadingBinaryFormat.MEDIA_TYPE);
        ByteBuffer body = ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        body.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("SRB1");
        assertThat(body.getInt()).isEqualTo(1);
        byte[] name = new byte[body.getShort()];
        body.get(name);
        assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo("Paris");
        List<String> records = new ArrayList<>();
        while (body.remaining() >= ReadingBinaryFormat.RECORD_BYTES) {
            records.add(body.getInt() + "," + body.getShort() + "," + body.getShort() + "," + body.getInt() + ","
                    + body.get());
        }
        assertThat(body.remaining()).isZero();
        int nine = Hours.toEpochHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        // The CSV's rows (readingsOfOneSensorAsNdjson): Paris, sensor 3, 7703 and 7259 visits, OK.
        assertThat(records).containsExactly(nine + ",0,3,7703,0", (nine + 1) + ",0,3,7259,0");
    }

    @Test
    void everyCleanRowOfTheOriginalDatasetIsAnsweredBySampledRequests() throws Exception {
        List<String> lines = Files.readAllLines(dataset());
        SplittableRandom random = new SplittableRandom(7);
        int compared = 0;
        while (compared < 300) {
            String[] cells = lines.get(1 + random.nextInt(lines.size() - 1)).split(",", -1);
            if (String.join(",", cells).contains("NULL")) {
                continue;
            }
            String[] date = cells[0].split("-");
            String target = "/?store_name=" + cells[2] + "&year=" + date[0] + "&month=" + Integer.parseInt(date[1])
                    + "&day=" + Integer.parseInt(date[2]) + "&hour=" + cells[1] + "&sensor_id=" + cells[3];
            assertThat(get(target).body()).as(target).isEqualTo(cells[4]);
            compared++;
        }
    }

    /** @return the original's dataset in the repository's {@code testdata/}, as the build tells the tests */
    static Path dataset() {
        String testdata = Objects.requireNonNull(System.getProperty("sensors.testdata"), "sensors.testdata");
        return Path.of(testdata, "original-raw-2024-07-01_2024-08-07.csv");
    }
}
