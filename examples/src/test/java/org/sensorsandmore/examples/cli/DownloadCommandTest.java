package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import picocli.CommandLine;

class DownloadCommandTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);
    private static TrafficApiServer clean;
    private static TrafficApiServer faulty;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        clean = TrafficApiServer.start(config().build());
        faulty = TrafficApiServer.start(config().failRate(0.2)
                .cutRate(0.2)
                .latency(Duration.ofMillis(1))
                .faultSeed(5)
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

    private int run(String... args) {
        CommandLine commandLine = SensorsCli.configure(new CommandLine(new SensorsCli()));
        commandLine.setErr(new PrintWriter(err, true));
        DownloadCommand download = commandLine.getSubcommands().get("download").getCommand();
        download.clock = Clock.fixed(Instant.parse("2024-07-01T10:20:00Z"), ZoneOffset.UTC);
        download.fetchConfig.initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(10));
        return commandLine.execute(args);
    }

    @Test
    void downloadsEveryCleanRowOfTheOriginalDataset() throws IOException {
        Path out = dir.resolve("data/latest_dat.csv");
        int code = run("download", "2024-07-01", "--to", "2024-08-07T16", "--api", api(clean), "--out", out.toString());
        assertThat(code).as(err.toString()).isZero();

        Map<String, String> downloaded = new HashMap<>();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("date,hour,shop,sensor_id,count,units");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            downloaded.put(cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3], cells[4] + "," + cells[5]);
        }
        // From 00:00: one hour more per sensor than the original's file, which starts at 01:00.
        assertThat(downloaded).hasSize(39 * 904);
        long compared = 0;
        for (String line : Files.readAllLines(originalDataset()).subList(1, 35_218)) {
            if (line.contains("NULL")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String key = cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3];
            assertThat(downloaded.get(key)).as(key).isEqualTo(cells[4] + "," + cells[5]);
            compared++;
        }
        assertThat(compared).isEqualTo(34_861);
        assertThat(err.toString()).contains("Wrote 35,256 readings");
    }

    @Test
    void throughInjectedFaultsTheFileIsTheSame() throws IOException {
        Path reference = dir.resolve("clean.csv");
        Path flaky = dir.resolve("flaky.csv");
        String[] window = {"2024-07-01", "--to", "2024-07-20", "--format", "csv"};
        assertThat(run(concat(window, "download", "--api", api(clean), "--out", reference.toString())))
                .as(err.toString())
                .isZero();
        assertThat(run(concat(window, "download", "--api", api(faulty), "--out", flaky.toString(), "--retries", "8")))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(flaky)).isEqualTo(Files.readString(reference));
    }

    @Test
    void legacyRouteGivesTheSameFile() throws IOException {
        Path bulk = dir.resolve("bulk.csv");
        Path legacy = dir.resolve("legacy.csv");
        String[] window = {"2024-07-06", "--to", "2024-07-06T20"};
        assertThat(run(concat(window, "download", "--api", api(clean), "--out", bulk.toString())))
                .isZero();
        assertThat(run(concat(
                        window,
                        "download",
                        "--legacy",
                        "--api",
                        api(faulty),
                        "--out",
                        legacy.toString(),
                        "--retries",
                        "8")))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(legacy)).isEqualTo(Files.readString(bulk));
    }

    @Test
    void withoutADateTheServersLastCompleteHourNotTheMachines() throws IOException {
        // The machine's clock says 2024-07-01T10:20Z; the server is pinned at 2024-08-07T15:00.
        Path out = dir.resolve("last.csv");
        assertThat(run("download", "--api", api(clean), "--out", out.toString()))
                .as(err.toString())
                .isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 39);
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("2024-08-07,14,"));

        // A live server's instant, 13:20Z, is 14:20 in London and 15:20 in Paris: the last hour
        // complete in every store is London's 13:00.
        try (TrafficApiServer live = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .clock(Clock.fixed(Instant.parse("2024-08-07T13:20:00Z"), ZoneOffset.UTC))
                .build())) {
            assertThat(run("download", "--api", api(live), "--out", out.toString()))
                    .as(err.toString())
                    .isZero();
        }
        lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 39);
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("2024-08-07,13,"));
    }

    @Test
    void aFailedDownloadWritesNothingAndSaysWhyOnOneLine() throws IOException {
        try (TrafficApiServer down = TrafficApiServer.start(config().failRate(1).build())) {
            Path out = dir.resolve("never.csv");
            int code = run(
                    "download",
                    "2024-07-01",
                    "--to",
                    "2024-07-02",
                    "--api",
                    api(down),
                    "--out",
                    out.toString(),
                    "--retries",
                    "2");
            assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
            assertThat(err.toString().strip()).doesNotContain("\n").contains("503");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aRefusedWindowNamesIt() {
        Path out = dir.resolve("future.csv");
        int code = run("download", "2024-08-07", "--to", "2024-08-08", "--api", api(clean), "--out", out.toString());
        assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
        assertThat(err.toString())
                .contains("[2024-08-07T00:00, 2024-08-08T00:00)")
                .contains("future_window");
        assertThat(out).doesNotExist();
    }

    @Test
    void badArgumentsExitWithUsage() {
        assertThat(run(
                        "download",
                        "2024-07-02",
                        "--to",
                        "2024-07-01",
                        "--out",
                        dir.resolve("x.csv").toString()))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(run(
                        "download",
                        "2024-07-01",
                        "--format",
                        "xml",
                        "--out",
                        dir.resolve("x.csv").toString()))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(run(
                        "download",
                        "2024-07-01",
                        "--api",
                        "ftp://x",
                        "--out",
                        dir.resolve("x.csv").toString()))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(run("download", "07/01/2024")).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--to 2024-07-01T00:00 must be after");
    }

    @Test
    void aWindowFromBeforeEveryOpeningIsCutToTheFirstAndRefusedAboveTheLimit() {
        Path out = dir.resolve("x.csv");

        int code = run(
                "download",
                "1024-01-01",
                "--to",
                "2024-07-01",
                "--api",
                api(clean),
                "--out",
                out.toString(),
                "--max-readings",
                "1000000");

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        // London opened in 2014: the nine centuries before are not fetched, nor counted.
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("download: The window [2014-01-01T00:00, 2024-07-01T00:00) of 39 sensors is 3,588,"
                        + "624 readings, about 118.4 MB (")
                .endsWith(": more than --max-readings 1,000,000 (shorten it, or raise the limit)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWindowBeforeEveryOpeningIsOneLine() {
        Path out = dir.resolve("x.csv");

        int code = run("download", "1024-01-01", "--to", "1024-01-02", "--api", api(clean), "--out", out.toString());

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(err.toString().lines())
                .containsExactly("download: No store is open in [1024-01-01T00:00, 1024-01-02T00:00): the first opened"
                        + " at 2014-01-01T00:00");
        assertThat(out).doesNotExist();
    }

    @Test
    void chunkDeadlineIsAPositivePeriod() throws IOException {
        Path out = dir.resolve("x.csv");
        String api = api(clean);

        assertThat(run(
                        "download",
                        "2024-07-01",
                        "--to",
                        "2024-07-01T02",
                        "--api",
                        api,
                        "--out",
                        out.toString(),
                        "--chunk-deadline",
                        "0m"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(run(
                        "download",
                        "2024-07-01",
                        "--to",
                        "2024-07-01T02",
                        "--api",
                        api,
                        "--out",
                        out.toString(),
                        "--chunk-deadline",
                        "soon"))
                .isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(err.toString().lines())
                .containsExactly(
                        "download: --chunk-deadline must be more than 0, not '0m'",
                        "download: --chunk-deadline must look like 1h or 30m, not 'soon'");
        assertThat(run(
                        "download",
                        "2024-07-01",
                        "--to",
                        "2024-07-01T02",
                        "--api",
                        api,
                        "--out",
                        out.toString(),
                        "--chunk-deadline",
                        "2m"))
                .as(err.toString())
                .isZero();
        assertThat(out).content().hasLineCount(1 + 2 * 39);
    }

    private static String api(TrafficApiServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static String[] concat(String[] tail, String... head) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }

    static Path originalDataset() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("testdata/original-raw-2024-07-01_2024-08-07.csv");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No testdata/ above " + System.getProperty("user.dir"));
    }
}
