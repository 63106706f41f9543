package org.sensorsandmore.sql.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

class RawParquetDatasetTest {
    private static final HourWindow WINDOW = HourWindow.of(
            LocalDate.of(2024, 1, 29).atTime(5, 0), LocalDate.of(2024, 3, 2).atTime(7, 0));

    @TempDir
    Path dir;

    private final ReadingGenerator generator = ReadingGenerator.of(new FootfallModel(7), StoreNetwork.fleet(5, 3));

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<ViewRow> hourly(Warehouse warehouse) {
        return warehouse.query(ViewQuery.of(View.SENSOR_HOURLY).withFailurePolicy(FailurePolicy.LEGACY_ZERO));
    }

    @Test
    void datasetHoldsTheSameReadingsAsTheGeneratorInMonthFoldersOfStoreGroups() throws IOException {
        RawDatasetResult result = RawParquetDataset.of(generator)
                .withThreads(2)
                .withRowsPerFile(2 * 3 * 31 * 24)
                .write(WINDOW, dir.resolve("raw"));

        assertThat(result.readings()).isEqualTo(WINDOW.hours() * 15);
        assertThat(result.files()).isEqualTo(9); // 3 months x (2 + 2 + 1 stores)
        assertThat(files(dir.resolve("raw")).stream()
                        .map(file -> dir.resolve("raw").relativize(file).toString()))
                .containsExactly(
                        "month=2024-01/part-00000.parquet",
                        "month=2024-01/part-00001.parquet",
                        "month=2024-01/part-00002.parquet",
                        "month=2024-02/part-00000.parquet",
                        "month=2024-02/part-00001.parquet",
                        "month=2024-02/part-00002.parquet",
                        "month=2024-03/part-00000.parquet",
                        "month=2024-03/part-00001.parquet",
                        "month=2024-03/part-00002.parquet");
        try (Warehouse fromParquet = Warehouse.inMemory();
                Warehouse fromGenerator = Warehouse.inMemory()) {
            long ingested = 0;
            for (Path file : files(dir.resolve("raw"))) {
                ingested += fromParquet.ingestParquet(file).received();
            }
            fromGenerator.ingest(generator.readings(WINDOW));

            assertThat(ingested).isEqualTo(result.readings());
            assertThat(hourly(fromParquet)).isEqualTo(hourly(fromGenerator));
            assertThat(hourly(fromParquet)).anyMatch(row -> row.failed() > 0);
        }
    }

    @Test
    void theThreadCountDoesNotChangeAFile() throws IOException {
        RawParquetDataset.of(generator).write(WINDOW, dir.resolve("one"));
        RawParquetDataset.of(generator).withThreads(3).write(WINDOW, dir.resolve("three"));

        List<Path> one = files(dir.resolve("one"));
        List<Path> three = files(dir.resolve("three"));
        assertThat(one).hasSize(3).hasSameSizeAs(three);
        for (int i = 0; i < one.size(); i++) {
            assertThat(Files.readAllBytes(one.get(i))).isEqualTo(Files.readAllBytes(three.get(i)));
        }
    }

    @Test
    void aMonthWrittenAgainReplacesItsFolderAndLeavesTheOthers() throws IOException {
        Path raw = dir.resolve("raw");
        RawParquetDataset.of(generator).write(WINDOW, raw);
        Files.writeString(raw.resolve("month=2024-02").resolve("stale.parquet"), "x");
        Files.writeString(raw.resolve("notes.txt"), "mine");

        RawDatasetResult again = RawParquetDataset.of(generator)
                .write(HourWindow.of(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 3)), raw);

        assertThat(again.readings()).isEqualTo(48 * 15);
        assertThat(files(raw).stream().map(file -> raw.relativize(file).toString()))
                .containsExactly(
                        "month=2024-01/part-00000.parquet",
                        "month=2024-02/part-00000.parquet",
                        "month=2024-03/part-00000.parquet",
                        "notes.txt");
        try (Stream<Path> hidden = Files.list(raw)) {
            assertThat(hidden.filter(path -> path.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
    }
}
