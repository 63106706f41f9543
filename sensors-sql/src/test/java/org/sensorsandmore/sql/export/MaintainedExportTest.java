package org.sensorsandmore.sql.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.testing.ExportedFiles;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;

/**
 * {@link Warehouse#exportChanges}: a folder kept up to date rewrites the files of the changed days
 * (and of the later days whose baselines read them) and no others, and ends equal to a first
 * export of the same warehouse.
 */
class MaintainedExportTest {
    private static final LocalDate FROM = LocalDate.of(2024, 5, 6);

    @TempDir
    Path dir;

    @Test
    void aCorrectionWeeksBackRewritesItsDayAndTheSameWeekdaysWhoseBaselinesReadIt() throws IOException {
        Path views = dir.resolve("views");
        try (Warehouse warehouse = exported(views, 56, EnumSet.allOf(ExportFormat.class))) {
            LocalDate corrected = FROM.plusDays(20);
            warehouse.ingest(List.of(Reading.ok("Roma", 1, corrected.atTime(11, 0), 4_000)));
            ExportResult update =
                    warehouse.exportChanges(views, FailurePolicy.EXCLUDE, EnumSet.allOf(ExportFormat.class));

            // The day itself and the next three same weekdays (their baselines read it); the
            // months those lie in for the daily views.
            assertThat(rewritten(views))
                    .containsExactlyInAnyOrder(
                            "sensor_hourly/day=2024-05-26",
                            "sensor_hourly/day=2024-06-02",
                            "sensor_hourly/day=2024-06-09",
                            "sensor_hourly/day=2024-06-16",
                            "store_hourly/day=2024-05-26",
                            "store_hourly/day=2024-06-02",
                            "store_hourly/day=2024-06-09",
                            "store_hourly/day=2024-06-16",
                            "sensor_daily/month=2024-05",
                            "sensor_daily/month=2024-06",
                            "store_daily/month=2024-05",
                            "store_daily/month=2024-06");
            assertThat(update.rows().get(View.STORE_DAILY)).isPositive();
            assertSameFiles(views, warehouse, FailurePolicy.EXCLUDE);
        }
    }

    @Test
    void aSecondConnectionHelpsOnlyWhenItSeesTheViewsOfTheFirst() throws IOException {
        try (Warehouse warehouse = exported(dir.resolve("views"), 14, EnumSet.of(ExportFormat.CSV))) {
            warehouse.read(connection -> {
                connection.setAutoCommit(false);
                String id;
                long change;
                try (Statement statement = connection.createStatement()) {
                    id = MaintainedExport.warehouseOf(statement);
                    change = MaintainedExport.changeOf(statement);
                }
                try (Connection second = MaintainedExport.inTheSameState(connection, id, change)) {
                    assertThat(second).as("nothing committed since").isNotNull();
                }
                assertThat(MaintainedExport.inTheSameState(connection, "another warehouse", change))
                        .isNull();
                // A commit that changes the views after the first connection's transaction began.
                warehouse.ingest(List.of(Reading.ok("Roma", 1, FROM.plusDays(3).atTime(11, 0), 4_000)));
                assertThat(MaintainedExport.inTheSameState(connection, id, change))
                        .isNull();
                connection.rollback();
                connection.setAutoCommit(true);
                return null;
            });
        }
    }

    @Test
    void anotherPolicyRewritesEveryPartitionAndADeadStagingFolderIsRemoved() throws IOException {
        Path views = dir.resolve("views");
        Path dead = dir.resolve(".views.staging-0f1e2d3c");
        try (Warehouse warehouse = exported(views, 10, Set.of(ExportFormat.PARQUET))) {
            Files.createDirectories(dead.resolve("sensor_hourly"));
            Files.writeString(dead.resolve("sensor_hourly/half-written.parquet"), "PAR1");

            warehouse.exportChanges(views, FailurePolicy.LEGACY_ZERO, Set.of(ExportFormat.PARQUET));

            assertThat(ExportedFiles.times(views).values()).doesNotContain(ExportedFiles.STAMP);
            assertThat(dead).doesNotExist();
            assertSameFiles(views, warehouse, FailurePolicy.LEGACY_ZERO);
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(path -> path.getFileName().toString())).noneMatch(name -> name.contains("staging"));
        }
    }

    /**
     * A warehouse of the original stores' first days from {@link #FROM}, its views exported
     * (failures excluded) into a folder kept up to date, each file stamped to tell a rewrite.
     */
    private Warehouse exported(Path views, int days, Set<ExportFormat> formats) throws IOException {
        Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"));
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(5), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(days)));
        }
        warehouse.exportChanges(views, FailurePolicy.EXCLUDE, formats);
        ExportedFiles.stamp(views);
        return warehouse;
    }

    /** The folder's files equal, byte for byte, those of a first export of the warehouse. */
    private void assertSameFiles(Path views, Warehouse warehouse, FailurePolicy policy) throws IOException {
        Path whole = dir.resolve("whole-" + policy);
        warehouse.exportChanges(whole, policy, formats(views));
        assertThat(ExportedFiles.times(views).keySet())
                .isEqualTo(ExportedFiles.times(whole).keySet());
        for (Path file : ExportedFiles.times(views).keySet()) {
            assertThat(Files.mismatch(views.resolve(file), whole.resolve(file)))
                    .as("%s", file)
                    .isEqualTo(-1L);
        }
    }

    private static Set<ExportFormat> formats(Path views) throws IOException {
        Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
        for (Path file : ExportedFiles.times(views).keySet()) {
            formats.add(file.toString().endsWith(".csv") ? ExportFormat.CSV : ExportFormat.PARQUET);
        }
        return formats;
    }

    /** @return the partition folders (view/partition) holding a file written since {@link ExportedFiles#stamp} */
    private static Set<String> rewritten(Path views) throws IOException {
        Set<String> partitions = new TreeSet<>();
        ExportedFiles.times(views).forEach((file, time) -> {
            if (!time.equals(ExportedFiles.STAMP)) {
                partitions.add(file.getParent().toString());
            }
        });
        return partitions;
    }
}
