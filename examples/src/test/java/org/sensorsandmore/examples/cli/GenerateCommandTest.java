package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        return cli.commandLine("generate", (GenerateCommand generate) -> generate.standardOutput = () -> out)
                .execute(args);
    }

    @Test
    void classicOriginalCsvEqualsEveryCleanRowOfTheOriginalDataset() throws IOException {
        Path out = dir.resolve("classic.csv");
        int code = run(Cli.words(
                "generate --model classic --from 2024-07-01T01 --to 2024-08-07T16 --format original-csv --out {} --threads 2",
                out));
        assertThat(code).as(cli.err()).isZero();

        OriginalDataset.assertHoldsEveryCleanRow(out, 39 * 903);
    }

    @Test
    void standardOutputIsTheDefault() {
        assertThat(run("generate", "--from", "2024-07-06T10", "--to", "2024-07-06T11", "--stores", "Roma"))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1 + 4);
        assertThat(lines.get(0)).isEqualTo("store,sensor_id,hour,visits,status,anomaly");
        assertThat(lines.get(1)).startsWith("Roma,0,2024-07-06T10:00,");
    }

    @Test
    void sameSeedGivesSameBytesAndOtherSeedOtherBytes() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        String[] common = {"generate", "--from", "2024-07-01", "--to", "2024-07-03"};
        assertThat(run(concat(common, "--seed", "7", "--out", a.toString(), "--threads", "1")))
                .isZero();
        assertThat(run(concat(common, "--seed", "7", "--out", b.toString(), "--threads", "2")))
                .isZero();
        assertThat(run(concat(common, "--seed", "8", "--out", c.toString()))).isZero();

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @Test
    void badArgumentsExitWithCodeTwoOneLineAndNoFile() throws IOException {
        Path out = dir.resolve("never.csv");
        String[][] cases = {
            {"generate", "--from", "2024-02-30", "--to", "2024-03-01", "--out", out.toString()},
            {"generate", "--from", "2024-03-02", "--to", "2024-03-01", "--out", out.toString()},
            {"generate", "--from", "2024-03-01T24", "--to", "2024-03-02", "--out", out.toString()},
            {"generate", "--from", "2024-03-01", "--to", "2024-03-02", "--stores", "Oslo", "--out", out.toString()},
            {"generate", "--from", "2024-03-01", "--to", "2024-03-02", "--model", "neural", "--out", out.toString()},
            {"generate", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "xml", "--out", out.toString()},
            {"generate", "--from", "2024-03-01", "--to", "2024-03-02", "--threads", "0", "--out", out.toString()},
            {"generate", "--from", "2024-03-01", "--to", "2024-03-02", "--fleet", "lots", "--out", out.toString()},
            {"generate", "--to", "2024-03-02", "--out", out.toString()},
            {"generate", "--from", "yesterday", "--to", "2024-03-02", "--out", out.toString()},
        };
        for (String[] args : cases) {
            cli.clearErr();
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err().strip())
                    .as(String.join(" ", args))
                    .doesNotContain("\n")
                    .isNotEmpty();
            assertThat(cli.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void closedStandardOutputStopsGenerationQuietly() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        CommandLine commandLine =
                cli.commandLine("generate", (GenerateCommand generate) -> generate.standardOutput = () -> closed);
        assertThat(commandLine.execute("generate", "--from", "2020-01-01", "--to", "2030-01-01"))
                .isEqualTo(SensorsCli.EXIT_BROKEN_PIPE);
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void unwritableOutputFailsWithOneLineAndLeavesNothing() throws IOException {
        Path out = dir.resolve("missing-folder").resolve("x.csv");
        assertThat(run("generate", "--from", "2024-03-01", "--to", "2024-03-02", "--out", out.toString()))
                .isEqualTo(1);
        assertThat(cli.err().strip()).doesNotContain("\n").contains("missing-folder");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    @Test
    void parquetFormatWritesAMonthFolderDatasetThatProcessReads() throws IOException {
        Path raw = dir.resolve("raw");
        int code = run(Cli.words(
                "generate --fleet 3x2 --from 2024-01-31 --to 2024-02-02 --format parquet --out {} --threads 2", raw));
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.err()).contains("288 readings in 2 files");
        try (Stream<Path> files = Files.walk(raw)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(file -> raw.relativize(file).toString()))
                    .containsExactlyInAnyOrder("month=2024-01/part-00000.parquet", "month=2024-02/part-00000.parquet");
        }
    }

    @Test
    void parquetFormatNeedsAFolder() {
        int code = run("generate", "--from", "2024-01-31", "--to", "2024-02-02", "--format", "parquet");

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err()).contains("--format parquet writes a folder");
    }

    @Test
    void aThousandYearWindowIsRefusedUpFrontInOneLineWithItsSize() throws IOException {
        Path out = dir.resolve("x.csv");

        int code = run("generate", "--from", "1024-01-01", "--to", "2024-01-01", "--out", out.toString());

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err().lines())
                .singleElement()
                .asString()
                .startsWith("generate: The window [1024-01-01T00:00, 2024-01-01T00:00) of 39 sensors is 341,"
                        + "867,448 readings, about 14.7 GB (")
                .contains(" free in " + dir + ")")
                .endsWith(": more than --max-readings 100,000,000 (shorten it, or raise the limit)");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void maxReadingsMovesTheLimit() {
        assertThat(run(romaHour("--max-readings", "4"))).as(cli.err()).isZero();
        assertThat(run(romaHour("--max-readings", "3"))).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err()).contains("is 4 readings, about 172 B: more than --max-readings 3");
    }

    @Test
    void anAbsurdFleetIsRefusedAtOnceWithItsSensorCount() {
        long started = System.nanoTime();

        int huge = run("generate", "--from", "2024-07-06", "--to", "2024-07-07", "--fleet", "999999x9999");
        int overflowing =
                run("generate", "--from", "2024-07-06", "--to", "2024-07-07", "--fleet", "99999999999999999999x1");

        assertThat(huge).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(overflowing).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err().lines())
                .containsExactly(
                        "generate: --fleet 999999x9999 is 9,998,990,001 sensors, more than the 1,000,000 a fleet"
                                + " may have",
                        "generate: --fleet 99999999999999999999x1 is 99,999,999,999,999,999,999 sensors, more than the"
                                + " 1,000,000 a fleet may have");
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void outOntoAFifoWritesIntoItAndLeavesItAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllLines(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        int code = run(romaHour("--out", fifo.toString()));

        assertThat(code).as(cli.err()).isZero();
        assertThat(read.get(30, TimeUnit.SECONDS))
                .hasSize(1 + 4)
                .first()
                .isEqualTo("store,sensor_id,hour,visits,status,anomaly");
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
    }

    @Test
    @Tag("crash")
    void sigtermDuringGenerateRemovesItsTemporaryFile() throws Exception {
        Path target = dir.resolve("big.csv");
        Process child = new ProcessBuilder(CliProcess.command(
                        List.of(),
                        "generate",
                        "--from",
                        "2000-01-01",
                        "--to",
                        "2030-01-01",
                        "--threads",
                        "1",
                        "--no-progress",
                        "--out",
                        target.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (temporaryBytes() < 1_000_000) {
                assertThat(System.nanoTime()).as("a temporary file growing").isLessThan(deadline);
                assertThat(child.isAlive()).as("the child runs").isTrue();
                Thread.sleep(50);
            }
            child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(filesIn(dir)).containsExactly("child.log");
    }

    /** {@code generate} of one hour of Roma (4 readings), then {@code more}. */
    private static String[] romaHour(String... more) {
        List<String> args = new ArrayList<>(
                List.of("generate", "--from", "2024-07-06T10", "--to", "2024-07-06T11", "--stores", "Roma"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private long temporaryBytes() throws IOException {
        long bytes = 0;
        for (String name : filesIn(dir)) {
            if (name.startsWith(".big.csv.")) {
                bytes += Files.size(dir.resolve(name));
            }
        }
        return bytes;
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
