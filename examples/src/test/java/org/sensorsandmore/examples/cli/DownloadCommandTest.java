package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;

class DownloadCommandTest {
    @RegisterExtension
    static final ApiServers SERVERS = new ApiServers(5);

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.commandLine("download", (DownloadCommand download) -> {
                    download.clock = Clock.fixed(Instant.parse("2024-07-01T10:20:00Z"), ZoneOffset.UTC);
                    download.fetchConfig.initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(10));
                })
                .execute(args);
    }

    @Test
    void downloadsEveryCleanRowOfTheOriginalDataset() throws IOException {
        Path out = dir.resolve("data/latest_dat.csv");
        int code =
                run(Cli.words("download 2024-07-01 --to 2024-08-07T16 --api {} --out {}", api(SERVERS.clean()), out));
        assertThat(code).as(cli.err()).isZero();

        // From 00:00: one hour more per sensor than the original's file, which starts at 01:00.
        OriginalDataset.assertHoldsEveryCleanRow(out, 39 * 904);
        assertThat(cli.err()).contains("Wrote 35,256 readings");
    }

    @Test
    void throughInjectedFaultsTheFileIsTheSame() throws IOException {
        assertTheFaultyServerGivesTheCleanFile(new String[] {"2024-07-01", "--to", "2024-07-20", "--format", "csv"});
    }

    @Test
    void legacyRouteGivesTheSameFile() throws IOException {
        assertTheFaultyServerGivesTheCleanFile(new String[] {"2024-07-06", "--to", "2024-07-06T20"}, "--legacy");
    }

    /**
     * Downloads a window from the clean server, then again from the faulty one (with the given
     * options and 8 retries), and asserts that both runs succeed and write the same file.
     */
    private void assertTheFaultyServerGivesTheCleanFile(String[] window, String... faultyOptions) throws IOException {
        Path clean = dir.resolve("clean.csv");
        Path faulty = dir.resolve("faulty.csv");
        assertThat(run(concat(window, "download", "--api", api(SERVERS.clean()), "--out", clean.toString())))
                .as(cli.err())
                .isZero();
        String[] fromFaulty = {"--api", api(SERVERS.faulty()), "--out", faulty.toString(), "--retries", "8"};
        assertThat(run(Stream.of(new String[] {"download"}, faultyOptions, fromFaulty, window)
                        .flatMap(Stream::of)
                        .toArray(String[]::new)))
                .as(cli.err())
                .isZero();
        assertThat(Files.readString(faulty)).isEqualTo(Files.readString(clean));
    }

    @Test
    void withoutADateTheServersLastCompleteHourNotTheMachines() throws IOException {
        // The machine's clock says 2024-07-01T10:20Z; the server is pinned at 2024-08-07T15:00.
        Path out = dir.resolve("last.csv");
        assertThat(run("download", "--api", api(SERVERS.clean()), "--out", out.toString()))
                .as(cli.err())
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
                    .as(cli.err())
                    .isZero();
        }
        lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 39);
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("2024-08-07,13,"));
    }

    @Test
    void aFailedDownloadWritesNothingAndSaysWhyOnOneLine() throws IOException {
        try (TrafficApiServer down =
                TrafficApiServer.start(ApiServers.config().failRate(1).build())) {
            Path out = dir.resolve("never.csv");
            int code =
                    run(Cli.words("download 2024-07-01 --to 2024-07-02 --api {} --out {} --retries 2", api(down), out));
            assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
            assertThat(cli.err().strip()).doesNotContain("\n").contains("503");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aRefusedWindowNamesIt() {
        Path out = dir.resolve("future.csv");
        int code = run(Cli.words("download 2024-08-07 --to 2024-08-08 --api {} --out {}", api(SERVERS.clean()), out));
        assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
        assertThat(cli.err()).contains("[2024-08-07T00:00, 2024-08-08T00:00)").contains("future_window");
        assertThat(out).doesNotExist();
    }

    @Test
    void badArgumentsExitWithUsage() {
        String out = dir.resolve("x.csv").toString();
        String[][] cases = {
            {"download", "2024-07-02", "--to", "2024-07-01", "--out", out},
            {"download", "2024-07-01", "--format", "xml", "--out", out},
            {"download", "2024-07-01", "--api", "ftp://x", "--out", out},
        };
        for (String[] args : cases) {
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(SensorsCli.EXIT_USAGE);
        }
        assertThat(run("download", "07/01/2024")).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err()).contains("--to 2024-07-01T00:00 must be after");
    }

    @Test
    void aWindowFromBeforeEveryOpeningIsCutToTheFirstAndRefusedAboveTheLimit() {
        Path out = dir.resolve("x.csv");

        int code = run(Cli.words(
                "download 1024-01-01 --to 2024-07-01 --api {} --out {} --max-readings 1000000",
                api(SERVERS.clean()),
                out));

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        // London opened in 2014: the nine centuries before are not fetched, nor counted.
        assertThat(cli.err().lines())
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

        int code = run(Cli.words("download 1024-01-01 --to 1024-01-02 --api {} --out {}", api(SERVERS.clean()), out));

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err().lines())
                .containsExactly("download: No store is open in [1024-01-01T00:00, 1024-01-02T00:00): the first opened"
                        + " at 2014-01-01T00:00");
        assertThat(out).doesNotExist();
    }

    @Test
    void chunkDeadlineIsAPositivePeriod() throws IOException {
        Path out = dir.resolve("x.csv");

        assertThat(downloadTwoHours(out, "0m")).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(downloadTwoHours(out, "soon")).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err().lines())
                .containsExactly(
                        "download: --chunk-deadline must be more than 0, not '0m'",
                        "download: --chunk-deadline must look like 1h or 30m, not 'soon'");
        assertThat(downloadTwoHours(out, "2m")).as(cli.err()).isZero();
        assertThat(out).content().hasLineCount(1 + 2 * 39);
    }

    private int downloadTwoHours(Path out, String chunkDeadline) {
        return run(Cli.words(
                "download 2024-07-01 --to 2024-07-01T02 --api {} --out {} --chunk-deadline {}",
                api(SERVERS.clean()),
                out,
                chunkDeadline));
    }

    private static String api(TrafficApiServer server) {
        return ApiServers.api(server);
    }

    private static String[] concat(String[] tail, String... head) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }
}
