package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void theOriginalDatasetGivesTheOriginalsRowCountsAndSummarisesTheDirtyRows() throws Exception {
        Path views = dir.resolve("out");

        int code = run(Cli.words(
                "process --in {} --failures legacy-zero --out {} --db {}",
                OriginalDataset.path(),
                views,
                dir.resolve("sensors.duckdb")));

        assertThat(code).as(cli.err()).isZero();
        String summary = cli.out();
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
        int code =
                run(Cli.words("process --in {} --out {} --list-rejected", OriginalDataset.path(), dir.resolve("out")));

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out().lines().filter(l -> l.startsWith("  rejected line ")))
                .hasSize(356);
        assertThat(cli.out()).doesNotContain("more rejected rows");
    }

    @Test
    void aMissingInputIsOneLineAndAUsageExit() {
        int code = run("process", "--in", dir.resolve("nope.csv").toString(), "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("process: --in: no such file or folder: " + dir.resolve("nope.csv"));
    }

    @Test
    void anUnknownFailurePolicyIsNamed() {
        int code = run("process", "--in", OriginalDataset.path().toString(), "--failures", "zero");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("--failures must be exclude or legacy-zero, not 'zero'");
    }

    @Test
    void aCorruptParquetInputIsOneLineNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.parquet"), "not parquet");

        int code =
                run("process", "--in", bad.toString(), "--out", dir.resolve("o").toString());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err().lines()).singleElement().asString().contains("bad.parquet");
    }
}
