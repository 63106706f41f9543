package org.sensorsandmore.sql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.storage.Schema;

/** The pipeline's tables on a real DuckDB file: watermarks, the run log, and what survives a reopen. */
class PipelineTablesTest {
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);
    private static final Instant T0 = Instant.parse("2024-08-07T13:30:00Z");

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("state.duckdb"));
    }

    /** A database with the warehouse's schema, the pipeline's tables among it. */
    private Connection create() throws SQLException {
        Connection connection = open();
        Schema.migrate(connection, "the test database");
        return connection;
    }

    @Test
    void watermarkMovesOnlyForwardAndOnlyOverAContiguousWindowWhenAsked() throws SQLException {
        try (Connection connection = create()) {
            HourWindow day1 = HourWindow.of(JULY_1, JULY_1.plusDays(1));
            HourWindow day3 = HourWindow.of(JULY_1.plusDays(2), JULY_1.plusDays(3));

            PipelineTables.advance(
                    connection, List.of("Paris"), day1, PipelineTables.WatermarkAdvance.IF_CONTIGUOUS, T0);
            PipelineTables.advance(
                    connection, List.of("Paris"), day3, PipelineTables.WatermarkAdvance.IF_CONTIGUOUS, T0);
            assertThat(PipelineTables.watermarks(connection)).containsEntry("Paris", JULY_1.plusDays(1));

            PipelineTables.advance(connection, List.of("Paris"), day3, PipelineTables.WatermarkAdvance.TO_END, T0);
            PipelineTables.advance(connection, List.of("Paris"), day1, PipelineTables.WatermarkAdvance.TO_END, T0);
            PipelineTables.advance(connection, List.of("Roma"), day1, PipelineTables.WatermarkAdvance.TO_END, T0);

            assertThat(PipelineTables.watermarks(connection))
                    .containsEntry("Paris", JULY_1.plusDays(3))
                    .containsEntry("Roma", JULY_1.plusDays(1))
                    .hasSize(2);
        }
    }

    @Test
    void runLogRoundTripsAndSurvivesAReopen() throws SQLException {
        long id;
        try (Connection connection = create()) {
            id = PipelineTables.startRun(connection, PipelineRun.Kind.CATCH_UP, T0);
            PipelineTables.planRun(connection, id, HourWindow.of(JULY_1, JULY_1.plusDays(2)));
            PipelineTables.addChunk(connection, id, new IngestResult(100, 40), 1);
            PipelineTables.addChunk(connection, id, new IngestResult(50, 10), 2);
            PipelineTables.finishRun(connection, id, RunStatus.SUCCEEDED, T0.plusSeconds(3), 2, null);
        }
        try (Connection connection = open()) {
            PipelineRun run = PipelineTables.run(connection, id);

            assertThat(run)
                    .isEqualTo(new PipelineRun(
                            1,
                            PipelineRun.Kind.CATCH_UP,
                            HourWindow.of(JULY_1, JULY_1.plusDays(2)),
                            T0,
                            T0.plusSeconds(3),
                            RunStatus.SUCCEEDED,
                            150,
                            50,
                            2,
                            null));
        }
    }

    @Test
    void nextRunMarksARunLeftRunningAsInterrupted() throws SQLException {
        try (Connection connection = create()) {
            long dead = PipelineTables.startRun(connection, PipelineRun.Kind.WINDOW, T0);
            long next = PipelineTables.startRun(connection, PipelineRun.Kind.CATCH_UP, T0.plusSeconds(60));

            assertThat(next).isEqualTo(dead + 1);
            assertThat(PipelineTables.runs(connection, 10))
                    .extracting(PipelineRun::id, PipelineRun::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(next, RunStatus.RUNNING),
                            org.assertj.core.groups.Tuple.tuple(dead, RunStatus.INTERRUPTED));
            assertThat(PipelineTables.run(connection, dead).error()).contains("stopped during the run");
        }
    }
}
