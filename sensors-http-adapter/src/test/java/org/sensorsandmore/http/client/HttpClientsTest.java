package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;

class HttpClientsTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);
    private static final HourWindow WEEK = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 8));
    private static final FetchConfig QUICK = FetchConfig.builder()
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(20))
            .maxAttempts(8)
            .chunkHours(24)
            .build();

    private static TrafficApiServer clean;
    private static TrafficApiServer faulty;

    @BeforeAll
    static void start() {
        clean = TrafficApiServer.start(config().build());
        faulty = TrafficApiServer.start(config().failRate(0.2)
                .cutRate(0.3)
                .latency(Duration.ofMillis(1))
                .faultSeed(11)
                .build());
    }

    private static ApiServerConfig.Builder config() {
        return ApiServerConfig.builder().port(0).model(new ClassicModel()).now(NOW);
    }

    @AfterAll
    static void stop() {
        clean.close();
        faulty.close();
    }

    private static List<Reading> expected(HourWindow window, List<String> stores) {
        List<Reading> list = new ArrayList<>();
        SimulatedClient.of(new ClassicModel(), StoreNetwork.original())
                .readings(window, stores, ReadingSink.into(list));
        return list;
    }

    private static List<Reading> fetch(
            TrafficApiServer server, FetchConfig config, HourWindow window, List<String> stores) {
        List<Reading> list = new ArrayList<>();
        try (HttpTrafficClient client = HttpTrafficClient.create(server.uri(), config)) {
            client.readings(window, stores, ReadingSink.into(list));
        }
        return list;
    }

    @Test
    void bulkClientGetsTheSimulatedReadings() {
        assertThat(fetch(clean, FetchConfig.defaults(), WEEK, List.of())).isEqualTo(expected(WEEK, List.of()));
        assertThat(fetch(clean, QUICK, WEEK, List.of("Roma", "Madrid")))
                .isEqualTo(expected(WEEK, List.of("Roma", "Madrid")));
    }

    @Test
    void bulkClientReadsTheStoreList() {
        try (HttpTrafficClient client = HttpTrafficClient.create(clean.uri())) {
            StoreNetwork network = client.network();
            assertThat(network.names()).isEqualTo(StoreNetwork.original().names());
            assertThat(network.store("Paris").sensorCount()).isEqualTo(20);
            assertThat(network.store("Paris").opened()).isEqualTo(LocalDateTime.of(2018, 1, 1, 0, 0));
            assertThat(network.store("Paris").zone().getId()).isEqualTo("Europe/Paris");
        }
    }

    @Test
    void bulkClientThroughFailuresCutsAndLatencyGetsEveryReadingOnce() {
        HourWindow month = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));
        List<Reading> fetched = fetch(faulty, QUICK, month, List.of());
        assertThat(new HashSet<>(fetched)).hasSameSizeAs(fetched);
        assertThat(fetched).isEqualTo(expected(month, List.of()));
    }

    @Test
    void bulkClientGivesUpWithTheWindowAndTheLastError() {
        try (TrafficApiServer down = TrafficApiServer.start(config().failRate(1).build())) {
            FetchConfig twice = FetchConfig.builder()
                    .initialBackoff(Duration.ZERO)
                    .maxBackoff(Duration.ZERO)
                    .maxAttempts(2)
                    .build();
            assertThatThrownBy(() -> fetch(down, twice, WEEK, List.of()))
                    .isInstanceOf(org.sensorsandmore.core.SensorsException.class)
                    .hasMessageContaining("503");
        }
        // The store list comes, but every stream is cut: progress until the cuts land in the header.
        try (TrafficApiServer flaky = TrafficApiServer.start(config().cutRate(1).build());
                HttpTrafficClient client = HttpTrafficClient.create(
                        flaky.uri(),
                        FetchConfig.builder()
                                .initialBackoff(Duration.ZERO)
                                .maxBackoff(Duration.ZERO)
                                .maxAttempts(3)
                                .build())) {
            assertThatThrownBy(() -> client.readings(WEEK, ReadingSink.into(new ArrayList<>())))
                    .isInstanceOfSatisfying(
                            FetchFailedException.class,
                            e -> assertThat(e.window())
                                    .isEqualTo(HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 8))))
                    .hasMessageContaining("3 attempts without progress");
        }
    }

    @Test
    void bulkClientStopsAtOnceOnARefusal() {
        HourWindow future = HourWindow.of(LocalDateTime.of(2024, 8, 7, 0, 0), LocalDateTime.of(2024, 8, 8, 0, 0));
        assertThatThrownBy(() -> fetch(clean, QUICK, future, List.of()))
                .isInstanceOfSatisfying(
                        FetchFailedException.class, e -> assertThat(e.window()).isEqualTo(future))
                .hasMessageContaining("[2024-08-07T00:00, 2024-08-08T00:00)")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("future_window");
    }

    @Test
    void unreachableServerFailsAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FetchConfig twice = FetchConfig.builder()
                .initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO)
                .maxAttempts(2)
                .build();
        try (LegacyHttpTrafficClient client = LegacyHttpTrafficClient.create(
                URI.create("http://127.0.0.1:" + port), StoreNetwork.original(), twice)) {
            assertThatThrownBy(() -> client.readings(WEEK, ReadingSink.into(new ArrayList<>())))
                    .isInstanceOf(FetchFailedException.class)
                    .hasMessageContaining("2 attempts failed")
                    .hasMessageContaining("cannot connect")
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void closingEitherClientStopsTheThreadItsConnectionsWaitOn() {
        // A thread left waiting on sockets holds the JVM's exit for 0.3 s after a command's work.
        Set<Thread> before = selectorThreads();
        HttpTrafficClient bulk = HttpTrafficClient.create(clean.uri());
        LegacyHttpTrafficClient legacy = LegacyHttpTrafficClient.create(clean.uri());
        bulk.network();
        legacy.readings(HourWindow.ofHour(NOW.minusHours(1)), List.of("Paris"), reading -> {});
        Set<Thread> started = selectorThreads();
        started.removeAll(before);
        assertThat(started).hasSize(2).allMatch(Thread::isAlive);

        bulk.close();
        legacy.close();

        assertThat(started).noneMatch(Thread::isAlive);
        bulk.close(); // twice is harmless
    }

    /** The threads of the JDK's HTTP clients that wait on their sockets, alive now. */
    private static Set<Thread> selectorThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(thread -> !thread.getName().endsWith("-SelectorManager"));
        return threads;
    }

    @Test
    void legacyClientAgreesWithTheBulkClient() {
        HourWindow day = HourWindow.of(LocalDate.of(2024, 7, 6), LocalDate.of(2024, 7, 7));
        List<Reading> legacy = new ArrayList<>();
        try (LegacyHttpTrafficClient client = LegacyHttpTrafficClient.create(clean.uri())) {
            client.readings(day, ReadingSink.into(legacy));
        }
        assertThat(withoutAnomaly(legacy)).isEqualTo(withoutAnomaly(fetch(clean, QUICK, day, List.of())));
    }

    @Test
    void legacyClientThroughFailuresAndLatencyGetsEveryReadingOnce() {
        HourWindow hours = HourWindow.of(LocalDateTime.of(2024, 7, 6, 8, 0), LocalDateTime.of(2024, 7, 6, 14, 0));
        List<Reading> legacy = new ArrayList<>();
        try (LegacyHttpTrafficClient client =
                LegacyHttpTrafficClient.create(faulty.uri(), StoreNetwork.original(), QUICK)) {
            client.readings(hours, List.of("Paris", "London"), ReadingSink.into(legacy));
        }
        assertThat(withoutAnomaly(legacy)).isEqualTo(withoutAnomaly(expected(hours, List.of("Paris", "London"))));
    }

    @Test
    void legacyClientNamesTheRefusedHour() {
        HourWindow future = HourWindow.ofHour(LocalDateTime.of(2024, 8, 7, 16, 0));
        try (LegacyHttpTrafficClient client = LegacyHttpTrafficClient.create(clean.uri())) {
            assertThatThrownBy(() -> client.readings(future, List.of("Madrid"), ReadingSink.into(new ArrayList<>())))
                    .isInstanceOfSatisfying(
                            FetchFailedException.class,
                            e -> assertThat(e.window()).isEqualTo(future))
                    .hasMessageContaining("Madrid sensor 0")
                    .hasMessageContaining("HTTP 404 \"Use a date in the past.\"");
        }
    }

    @Test
    @Timeout(60)
    void aLegacyAnswerPastItsLimitIsRefusedNotHeldWhole() throws Exception {
        // A per-hour answer is a count: this server sends digits without end instead.
        try (ServerSocket listener = scriptedServer(out -> {
            char[] digits = new char[8192];
            java.util.Arrays.fill(digits, '1');
            for (int i = 0; i < 1_000_000; i++) {
                out.write(digits);
            }
        })) {
            FetchConfig once = FetchConfig.builder().maxAttempts(1).build();
            HourWindow hour = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
            try (LegacyHttpTrafficClient client =
                    LegacyHttpTrafficClient.create(uri(listener), StoreNetwork.original(), once)) {
                assertThatThrownBy(() -> client.readings(hour, List.of("Madrid"), batch -> {}))
                        .isInstanceOf(FetchFailedException.class)
                        .hasMessageContaining("Madrid sensor 0")
                        .hasMessageContaining("the answer is longer than 65536 bytes");
            }
        }
    }

    @Test
    void eightBytesAtATimeSearchFindsTheFirstMatchLikeAPlainLoop() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? ',' : random.nextInt(256));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int plain = from;
            while (plain < bytes.length && bytes[plain] != ',') {
                plain++;
            }
            assertThat(ReadingStreamParser.indexOf(bytes, from, bytes.length, (byte) ','))
                    .isEqualTo(plain);
        }
    }

    @Test
    void aCutStreamEndsWithoutItsLastChunk() throws Exception {
        try (TrafficApiServer cutting =
                TrafficApiServer.start(config().cutRate(1).build())) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                            cutting.uri().resolve("/v1/readings?from=2024-07-01&to=2024-07-08"))
                    .build();
            assertThatThrownBy(() -> http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static List<String> withoutAnomaly(List<Reading> readings) {
        return readings.stream()
                .map(r -> r.store() + "," + r.sensorId() + "," + r.hour() + "," + r.legacyCount())
                .toList();
    }

    @Test
    void parserDropsAPartialLineAndSkipsRowsAlreadyHandedOn() {
        StoreNetwork network = StoreNetwork.original().only(List.of("Roma"));
        List<Reading> got = new ArrayList<>();
        ReadingStreamParser parser = new ReadingStreamParser(network, ReadingSink.into(got), 2);
        byte[] first = ("store,sensor_id,hour,visits,status,anomaly\n"
                        + "Roma,0,2024-07-01T09:00,10,OK,false\nRoma,1,2024-07-01T09:00,,FAILED,true\nRoma,2,2024-07-01T09:00,1")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        parser.startResponse(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)));
        parser.feed(first, 0, first.length);
        assertThat(parser.atRowEnd()).isFalse();
        parser.flush();
        assertThat(parser.resumeHour()).isEqualTo(LocalDateTime.of(2024, 7, 1, 9, 0));
        byte[] second = ("store,sensor_id,hour,visits,status,anomaly\n"
                        + "Roma,0,2024-07-01T09:00,10,OK,false\nRoma,1,2024-07-01T09:00,,FAILED,true\n"
                        + "Roma,2,2024-07-01T09:00,12,OK,false\nRoma,3,2024-07-01T09:00,,NOT_OPEN,false\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        parser.startResponse(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)));
        for (byte b : second) {
            parser.feed(new byte[] {b}, 0, 1); // a line split anywhere across reads
        }
        parser.flush();
        assertThat(parser.atRowEnd()).isTrue();
        Set<String> seen = new HashSet<>();
        got.forEach(
                r -> assertThat(seen.add(r.store() + r.sensorId() + r.hour())).isTrue());
        assertThat(got).extracting(Reading::legacyCount).containsExactly(10, -1, 12, -2);
        assertThat(got.get(1).anomaly()).isTrue();
    }

    @Test
    void aBodyThatStallsCountsAsCutAndGivesUpWithTheStall() throws Exception {
        // A server that answers the store list, then sends a readings stream's header and nothing more.
        try (ServerSocket listener = scriptedServer(out -> {
            out.write(csvHeader() + "\n");
            Thread.sleep(30_000); // and then nothing, until the client hangs up
        })) {
            FetchConfig quick = FetchConfig.builder()
                    .requestTimeout(Duration.ofMillis(300))
                    .initialBackoff(Duration.ZERO)
                    .maxBackoff(Duration.ZERO)
                    .maxAttempts(2)
                    .build();
            long start = System.nanoTime();
            try (HttpTrafficClient client = HttpTrafficClient.create(uri(listener), quick)) {
                assertThatThrownBy(() -> client.readings(WEEK, List.of(), batch -> {}))
                        .isInstanceOf(FetchFailedException.class)
                        .hasMessageContaining("the stream stalled: no data for 300 ms");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(60)
    void aStreamPastTheWindowEndStopsAtItsFirstReadingPastTheEnd() throws Exception {
        HourWindow nine = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        // The window's four readings of Roma, then readings of later hours, for ever.
        try (ServerSocket listener = scriptedServer(out -> {
            out.write(csvHeader() + "\n");
            for (LocalDateTime hour = nine.from(); ; hour = hour.plusHours(1)) {
                for (int sensor = 0; sensor < 4; sensor++) {
                    out.write("Roma," + sensor + "," + hour + ",1,OK,false\n");
                }
            }
        })) {
            List<Reading> got = new ArrayList<>();
            try (HttpTrafficClient client = HttpTrafficClient.create(uri(listener), QUICK)) {
                assertThatThrownBy(() -> client.readings(nine, List.of("Roma"), ReadingSink.into(got)))
                        .isInstanceOfSatisfying(
                                FetchFailedException.class,
                                e -> assertThat(e.window()).isEqualTo(nine))
                        .hasMessage("Fetching " + nine + " failed: the server sent a bad line (a reading outside the"
                                + " window 2024-07-01T09:00 to 2024-07-01T10:00): Roma,0,2024-07-01T10:00,1,OK,false");
            }
            assertThat(got).hasSize(4);
        }
    }

    @Test
    @Timeout(60)
    void aServerThatRefusesTheBinaryFormatIsAskedForCsv() throws Exception {
        HourWindow nine = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        try (ServerSocket listener = scriptedServer(
                out -> {
                    out.write(csvHeader() + "\n");
                    for (int sensor = 0; sensor < 4; sensor++) {
                        out.write("Roma," + sensor + ",2024-07-01T09:00," + (10 + sensor) + ",OK,false\n");
                    }
                },
                true)) {
            List<Reading> got = new ArrayList<>();
            try (HttpTrafficClient client = HttpTrafficClient.create(uri(listener), QUICK)) {
                client.readings(nine, List.of("Roma"), ReadingSink.into(got));
                client.readings(nine, List.of("Roma"), ReadingSink.into(got));
            }
            assertThat(got).extracting(Reading::legacyCount).containsExactly(10, 11, 12, 13, 10, 11, 12, 13);
        }
    }

    @Test
    @Timeout(60)
    void aStreamThatRepeatsOneReadingForEverStopsAfterTheWindowsCount() throws Exception {
        HourWindow nine = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        try (ServerSocket listener = scriptedServer(out -> {
            out.write(csvHeader() + "\n");
            while (true) {
                out.write("Roma,0,2024-07-01T09:00,1,OK,false\n"); // a duplicate, skipped, for ever
            }
        })) {
            try (HttpTrafficClient client = HttpTrafficClient.create(uri(listener), QUICK)) {
                assertThatThrownBy(() -> client.readings(nine, List.of("Roma"), batch -> {}))
                        .isInstanceOf(FetchFailedException.class)
                        .hasMessageContaining("(more rows than the window holds)");
            }
        }
    }

    @Test
    @Timeout(60)
    void aStreamThatTricklesWithoutStallingGivesUpAtTheChunkDeadline() throws Exception {
        // One reading every 100 ms: never a stall of 1 s, and a week of Roma would take 67 s.
        try (ServerSocket listener = scriptedServer(out -> {
            out.write(csvHeader() + "\n");
            for (LocalDateTime hour = WEEK.from(); hour.isBefore(WEEK.to()); hour = hour.plusHours(1)) {
                for (int sensor = 0; sensor < 4; sensor++) {
                    out.write("Roma," + sensor + "," + hour + ",1,OK,false\n");
                    Thread.sleep(100);
                }
            }
        })) {
            FetchConfig patient = FetchConfig.builder()
                    .requestTimeout(Duration.ofSeconds(1))
                    .chunkDeadline(Duration.ofSeconds(2))
                    .initialBackoff(Duration.ZERO)
                    .maxBackoff(Duration.ZERO)
                    .build();
            long start = System.nanoTime();
            try (HttpTrafficClient client = HttpTrafficClient.create(uri(listener), patient)) {
                assertThatThrownBy(() -> client.readings(WEEK, List.of("Roma"), batch -> {}))
                        .isInstanceOfSatisfying(
                                FetchFailedException.class,
                                e -> assertThat(e.window()).isEqualTo(WEEK))
                        .hasMessageContaining("no complete answer within the chunk deadline of 2 s")
                        .hasMessageContaining("the chunk deadline passed while the stream was still sending");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void parserRefusesASensorTheStoreDoesNotHaveByItsIdsAnIdThatIsNoNumberAndALineWithoutEnd() {
        ReadingStreamParser parser =
                new ReadingStreamParser(StoreNetwork.original().only(List.of("Roma")), batch -> {}, 16);
        parser.startResponse(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)));
        byte[] sensor4 = (csvHeader() + "\nRoma,4,2024-07-01T09:00,1,OK,false\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(sensor4, 0, sensor4.length))
                .hasMessageContaining("(sensor 4 is not one of Roma's 4 sensors, ids 0 to 3)");

        parser.startResponse(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)));
        byte[] word = (csvHeader() + "\nRoma,x,2024-07-01T09:00,1,OK,false\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(word, 0, word.length))
                .hasMessageContaining("(sensor_id must be digits, 0 or more)");

        parser.startResponse(HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0)));
        byte[] endless = new byte[1 << 16];
        java.util.Arrays.fill(endless, (byte) 'x');
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        parser.feed(endless, 0, endless.length);
                    }
                })
                .hasMessageContaining("(a line longer than 1048576 bytes)");
    }

    @Test
    void parserReadsEachRowsStoreFromItsCellAndRefusesCellsByTheirWholeText() {
        StoreNetwork network = StoreNetwork.original().only(List.of("Roma", "Paris"));
        HourWindow nine = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        List<Reading> got = new ArrayList<>();
        ReadingStreamParser parser = new ReadingStreamParser(network, ReadingSink.into(got), 16);
        parser.startResponse(nine);
        // Store after store in the list's order: each row's store is its own cell's.
        String network0 = network.names().get(0);
        String network1 = network.names().get(1);
        byte[] rows = (csvHeader() + "\n" + network0 + ",0,2024-07-01T09:00,5,OK,false\n" + network1
                        + ",0,2024-07-01T09:00,6,OK,false\n" + network1 + ",1,2024-07-01T09:00,7,OK,false\n")
                .getBytes(StandardCharsets.UTF_8);
        parser.feed(rows, 0, rows.length);
        parser.flush();
        assertThat(got)
                .extracting(Reading::store, Reading::sensorId, Reading::legacyCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(network0, 0, 5),
                        org.assertj.core.groups.Tuple.tuple(network1, 0, 6),
                        org.assertj.core.groups.Tuple.tuple(network1, 1, 7));
        // A store skipped (the second first), then the list's first again at the next hour.
        got.clear();
        ReadingStreamParser skipping = new ReadingStreamParser(network, ReadingSink.into(got), 16);
        skipping.startResponse(HourWindow.of(nine.from(), nine.from().plusHours(2)));
        byte[] skipped = (csvHeader() + "\n" + network1 + ",2,2024-07-01T09:00,8,OK,false\n" + network0
                        + ",1,2024-07-01T10:00,9,OK,false\n")
                .getBytes(StandardCharsets.UTF_8);
        skipping.feed(skipped, 0, skipped.length);
        skipping.flush();
        assertThat(got).extracting(Reading::store).containsExactly(network1, network0);

        Map<String, String> refused = Map.of(
                "Roma,1x,2024-07-01T09:00,1,OK,false", "(sensor_id must be digits, 0 or more)",
                "Roma,1234567890,2024-07-01T09:00,1,OK,false", "(sensor_id must be 1 to 9 digits)",
                "Roma,,2024-07-01T09:00,1,OK,false", "(sensor_id must be 1 to 9 digits)",
                "Roma,1,2024-07-01T09:00,12a,OK,false", "(visits must be digits, 0 or more)",
                "Roma,1,2024-07-01T09:00,1234567890,OK,false", "(visits must be 1 to 9 digits)",
                "Roma,1,2024-07-01T09:00,,OK,false", "(visits must be given exactly when the status is OK)",
                "Roma,1", "(the hour is missing)");
        refused.forEach((line, why) -> {
            ReadingStreamParser fresh = new ReadingStreamParser(network, batch -> {}, 16);
            fresh.startResponse(nine);
            byte[] bytes = (csvHeader() + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> fresh.feed(bytes, 0, bytes.length))
                    .as(line)
                    .hasMessage("the server sent a bad line " + why + ": " + line);
        });
    }

    /** Writes a readings body; may block or never return, as a hostile server does. */
    @FunctionalInterface
    private interface ReadingsBody {
        void write(java.io.Writer out) throws IOException, InterruptedException;
    }

    private static String csvHeader() {
        return org.sensorsandmore.core.csv.ReadingCsvFormat.LIBRARY.headerLine();
    }

    private static URI uri(ServerSocket listener) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * A server on 127.0.0.1 that answers the store list as the clean server does and every readings
     * request with {@code body}, chunked; closing the returned socket stops it.
     */
    private static ServerSocket scriptedServer(ReadingsBody body) throws Exception {
        return scriptedServer(body, false);
    }

    /** @param refusesBinary whether it answers {@code format=binary} as a server older than it does */
    private static ServerSocket scriptedServer(ReadingsBody body, boolean refusesBinary) throws Exception {
        String stores = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(clean.uri().resolve("/v1/stores"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> serve(listener, stores, body, refusesBinary), "scripted-server");
        server.setDaemon(true);
        server.start();
        return listener;
    }

    private static void serve(ServerSocket listener, String stores, ReadingsBody readings, boolean refusesBinary) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread connection = new Thread(() -> {
                    try (socket) {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        OutputStream out = socket.getOutputStream();
                        String requestLine;
                        while ((requestLine = in.readLine()) != null) {
                            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                                // the headers: not needed
                            }
                            if (requestLine.startsWith("GET /v1/stores")) {
                                byte[] body = stores.getBytes(StandardCharsets.UTF_8);
                                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                                + body.length + "\r\n\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                                out.write(body);
                                out.flush();
                            } else if (refusesBinary && requestLine.contains("format=binary")) {
                                byte[] body =
                                        "{\"error\":\"invalid_parameter\",\"message\":\"'format' must be csv or ndjson, not \\\"binary\\\"\"}"
                                                .getBytes(StandardCharsets.UTF_8);
                                out.write(
                                        ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                                                        + body.length + "\r\n\r\n")
                                                .getBytes(StandardCharsets.US_ASCII));
                                out.write(body);
                                out.flush();
                            } else {
                                out.write(
                                        "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                .getBytes(StandardCharsets.US_ASCII));
                                readings.write(new ChunkedWriter(out));
                                // A body that returns is whole: its last chunk ends the answer.
                                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client closed the connection
                    }
                });
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    /** Each write is one HTTP chunk, sent at once. */
    private static final class ChunkedWriter extends java.io.Writer {
        private final OutputStream out;

        ChunkedWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(char[] text, int offset, int length) throws IOException {
            byte[] bytes = new String(text, offset, length).getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {}
    }
}
