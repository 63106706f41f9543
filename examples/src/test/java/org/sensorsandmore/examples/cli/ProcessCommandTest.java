package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProcessCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = SensorsCli.configure(new CommandLine(new SensorsCli()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static Path originalDataset() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path file = d.resolve("testdata").resolve("original-raw-2024-07-01_2024-08-07.csv");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("testdata not found");
    }

    @Test
    void theOriginalDatasetGivesTheOriginalsRowCountsAndSummarisesTheDirtyRows() throws Exception {
        Path views = dir.resolve("out");

        int code = run(
                "process",
                "--in",
                originalDataset().toString(),
                "--failures",
                "legacy-zero",
                "--out",
                views.toString(),
                "--db",
                dir.resolve("sensors.duckdb").toString());

        assertThat(code).as(err.toString()).isZero();
        String summary = out.toString();
        assertThat(summary).contains("35,217 rows read, 356 rejected");
        // Counts by reason, which add up, then the first ten rows.
        assertThat(summary.lines()
                        .filter(l -> l.matches(" +\\d+ × \\w+ is NULL"))
                        .mapToInt(l -> Integer.parseInt(l.strip().split(" ")[0]))
                        .sum())
                .isEqualTo(356);
        assertThat(summary.lines().filter(l -> l.startsWith("  rejected line ")))
                .hasSize(10);
        assertThat(summary).contains("  … and 346 more rejected rows (--list-rejected lists them)");
        assertThat(summary)
                .contains("sensor_hourly 34,861 rows")
                .contains("sensor_daily  1,482 rows")
                .contains("store_hourly  4,509 rows")
                .contains("store_daily   190 rows");
        List<String> hourly = Files.readAllLines(views.resolve("sensor_hourly.csv"));
        assertThat(hourly).hasSize(34_862);
        assertThat(views.resolve("store_daily.parquet").resolve("store=Paris")).isDirectory();
    }

    @Test
    void listRejectedListsEveryDirtyRow() {
        int code = run(
                "process",
                "--in",
                originalDataset().toString(),
                "--out",
                dir.resolve("out").toString(),
                "--list-rejected");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("  rejected line ")))
                .hasSize(356);
        assertThat(out.toString()).doesNotContain("more rejected rows");
    }

    @Test
    void aMissingInputIsOneLineAndAUsageExit() {
        int code = run("process", "--in", dir.resolve("nope.csv").toString(), "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("process: --in: no such file or folder: " + dir.resolve("nope.csv"));
    }

    @Test
    void anUnknownFailurePolicyIsNamed() {
        int code = run("process", "--in", originalDataset().toString(), "--failures", "zero");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--failures must be exclude or legacy-zero, not 'zero'");
    }

    @Test
    void aCorruptParquetInputIsOneLineNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.parquet"), "not parquet");

        int code =
                run("process", "--in", bad.toString(), "--out", dir.resolve("o").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().contains("bad.parquet");
    }
}
