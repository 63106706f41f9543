package org.sensorsandmore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;

/** The pipeline on a real warehouse file: its state commits with the readings, or not at all. */
class WarehousePipelineTest {
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 7, 8, 0, 0);

    @TempDir
    Path dir;

    private final TrafficClient classic = SimulatedClient.of(new ClassicModel(), StoreNetwork.original());

    private long total(Warehouse warehouse) {
        return warehouse.coverage().stream().mapToLong(StoreCoverage::readings).sum();
    }

    @Test
    void catchUpStoresReadingsWatermarksAndTheRunLogInTheFile() {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            PipelineRun run = Pipeline.builder(classic, warehouse)
                    .since(JULY_1)
                    .chunkHours(24)
                    .build()
                    .catchUp(NOW);
            assertThat(run.written()).isEqualTo(39 * 7 * 24);
        }
        try (Warehouse warehouse = Warehouse.open(file)) {
            Pipeline pipeline = Pipeline.builder(classic, warehouse).build();
            assertThat(total(warehouse)).isEqualTo(39 * 7 * 24);
            assertThat(pipeline.watermarks())
                    .hasSize(5)
                    .allSatisfy((store, mark) -> assertThat(mark).isEqualTo(NOW));
            assertThat(pipeline.catchUp(NOW).written()).isZero();
            assertThat(Pipeline.history(warehouse, 10))
                    .extracting(PipelineRun::fetched)
                    .containsExactly(0L, 39L * 7 * 24);
        }
    }

    @Test
    void chunkThatFailsMidStreamLeavesNeitherReadingsNorWatermarkNorCounts() {
        LocalDateTime breaks = JULY_1.plusDays(2);
        TrafficClient failing = new TrafficClient() {
            @Override
            public StoreNetwork network() {
                return classic.network();
            }

            @Override
            public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
                classic.readings(window, stores, batch -> {
                    sink.accept(batch); // some readings reach the warehouse's staging first
                    if (!window.from().isBefore(breaks)) {
                        throw new SensorsException("stream cut");
                    }
                });
            }
        };
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            Pipeline pipeline = Pipeline.builder(failing, warehouse)
                    .since(JULY_1)
                    .chunkHours(24)
                    .retry(RetryPolicy.NONE)
                    .build();

            assertThatThrownBy(() -> pipeline.catchUp(NOW))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("stream cut");

            assertThat(total(warehouse)).isEqualTo(39 * 48);
            assertThat(pipeline.watermarks().values()).containsOnly(breaks);
            PipelineRun failed = pipeline.history(1).get(0);
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.fetched()).isEqualTo(39 * 48);
            assertThat(failed.endedAt()).isNotNull().isAfterOrEqualTo(failed.startedAt());
        }
    }

    @Test
    void databaseOfSchemaVersionOneGainsThePipelineTablesAndKeepsItsReadings() throws Exception {
        Path file = dir.resolve("v1.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(classic, HourWindow.of(JULY_1, JULY_1.plusDays(1)));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE pipeline_watermarks");
            statement.execute("DROP TABLE pipeline_runs");
            statement.execute("DELETE FROM schema_version WHERE version = 2");
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            PipelineRun run =
                    Pipeline.builder(classic, warehouse).since(JULY_1).build().catchUp(JULY_1.plusDays(2));

            assertThat(run.fetched()).isEqualTo(39 * 48);
            assertThat(run.written()).isEqualTo(39 * 24);
            assertThat(total(warehouse)).isEqualTo(39 * 48);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void runLogTimesComeFromTheInjectedClock() {
        MutableClock clock = new MutableClock(Instant.parse("2024-07-08T00:30:00Z"));
        try (Warehouse warehouse = Warehouse.inMemory()) {
            PipelineRun run = Pipeline.builder(classic, warehouse)
                    .clock(clock)
                    .since(NOW.minusHours(2))
                    .build()
                    .catchUp();

            assertThat(run.startedAt()).isEqualTo(clock.instant());
            // From 22:00: 00:30 UTC is 02:30 in Paris (4 complete hours), 01:30 in London (3).
            assertThat(run.fetched()).isEqualTo(4L * (39 - 8) + 3L * 8);
        }
    }
}
