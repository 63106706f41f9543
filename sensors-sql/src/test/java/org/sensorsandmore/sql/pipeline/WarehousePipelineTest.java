package org.sensorsandmore.sql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.Schema;
import org.sensorsandmore.sql.testing.CutStreamClient;

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
        // Some readings of the failing chunk reach the warehouse's staging first.
        TrafficClient failing = CutStreamClient.from(classic, breaks);
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
    void databaseOfSchemaVersionOneIsMigratedAndKeepsItsReadings() throws Exception {
        Path file = dir.resolve("v1.duckdb");
        // A database as version 1 of the library wrote it: store names and calendar columns in
        // readings, no pipeline tables.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            statement.execute("INSERT INTO schema_version (version) VALUES (1)");
            statement.execute("CREATE TABLE readings (store VARCHAR NOT NULL, sensor_id INTEGER NOT NULL,"
                    + " hour TIMESTAMP NOT NULL, date DATE NOT NULL, epoch_day INTEGER NOT NULL,"
                    + " hour_of_day INTEGER NOT NULL, weekday INTEGER NOT NULL, status TINYINT NOT NULL,"
                    + " visits INTEGER, anomaly BOOLEAN NOT NULL)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO readings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                classic.readings(
                        HourWindow.of(JULY_1, JULY_1.plusDays(1)),
                        batch -> batch.forEach(reading -> {
                            try {
                                LocalDateTime hour = reading.hour();
                                insert.setString(1, reading.store());
                                insert.setInt(2, reading.sensorId());
                                insert.setObject(3, hour);
                                insert.setObject(4, hour.toLocalDate());
                                insert.setLong(5, hour.toLocalDate().toEpochDay());
                                insert.setInt(6, hour.getHour());
                                insert.setInt(7, hour.getDayOfWeek().getValue() - 1);
                                insert.setByte(8, reading.status().code());
                                insert.setObject(9, reading.status() == ReadingStatus.FAILED ? null : reading.visits());
                                insert.setBoolean(10, reading.anomaly());
                                insert.execute();
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
            }
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(total(warehouse)).isEqualTo(39 * 24);
            PipelineRun run =
                    Pipeline.builder(classic, warehouse).since(JULY_1).build().catchUp(JULY_1.plusDays(2));

            // The first day is fetched again and found equal to what version 1 stored: not rewritten.
            assertThat(run.fetched()).isEqualTo(39 * 48);
            assertThat(run.written()).isEqualTo(39 * 24);
            assertThat(total(warehouse)).isEqualTo(39 * 48);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.CURRENT);
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
