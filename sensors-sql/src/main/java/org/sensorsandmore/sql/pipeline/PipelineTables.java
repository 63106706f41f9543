package org.sensorsandmore.sql.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.sql.IngestResult;

/**
 * Every statement on the pipeline's two tables, in one place: {@code pipeline_watermarks} (per
 * store, the first hour not yet stored) and {@code pipeline_runs} (the run log), created by
 * version 2 of the warehouse's schema ({@link org.sensorsandmore.sql.storage.Schema}). Instants
 * are stored as UTC timestamps; hours as the store-local timestamps readings use.
 *
 * <p>No primary keys: DuckDB checks unique indexes eagerly within a transaction, and one process
 * writes at a time anyway (the file lock), so an update-then-insert keeps the keys unique.
 */
final class PipelineTables {
    private static final String RUN_COLUMNS = "run_id, kind, window_from, window_to, started_at, ended_at, status,"
            + " readings_fetched, readings_written, attempts, error";

    private PipelineTables() {}

    /** How a chunk moves the watermarks of its stores. */
    enum WatermarkAdvance {
        /** To the chunk's end if later: a catch-up's chunks are contiguous from its planned start. */
        TO_END,
        /**
         * To the chunk's end if later, but only when the chunk starts at or before the watermark (or
         * there is none): an explicit window after a gap must not let a catch-up skip the gap.
         */
        IF_CONTIGUOUS
    }

    static Map<String, LocalDateTime> watermarks(Connection connection) throws SQLException {
        Map<String, LocalDateTime> marks = new LinkedHashMap<>();
        try (PreparedStatement statement =
                        connection.prepareStatement("SELECT store, next_hour FROM pipeline_watermarks ORDER BY store");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                marks.put(rs.getString(1), rs.getObject(2, LocalDateTime.class));
            }
        }
        return marks;
    }

    /**
     * Moves the watermarks of a chunk's stores to its end, each where the rule allows and it is
     * later; a store with none gets one. Two statements for all the stores, not a few per store (a
     * year's catch-up of 400 stores in weekly chunks spent 11 s on 62,000 statements).
     */
    static void advance(
            Connection connection, Collection<String> stores, HourWindow chunk, WatermarkAdvance rule, Instant now)
            throws SQLException {
        if (stores.isEmpty()) {
            return;
        }
        String names = "(VALUES " + String.join(", ", Collections.nCopies(stores.size(), "(?)")) + ") c(store)";
        // A later watermark only; with IF_CONTIGUOUS, only one the chunk starts at or before.
        try (PreparedStatement update = connection.prepareStatement("UPDATE pipeline_watermarks w"
                + " SET next_hour = ?, updated_at = ? FROM " + names + " WHERE w.store = c.store AND w.next_hour < ?"
                + (rule == WatermarkAdvance.IF_CONTIGUOUS ? " AND w.next_hour >= ?" : ""))) {
            int i = 1;
            update.setObject(i++, chunk.to());
            update.setObject(i++, utc(now));
            for (String store : stores) {
                update.setString(i++, store);
            }
            update.setObject(i++, chunk.to());
            if (rule == WatermarkAdvance.IF_CONTIGUOUS) {
                update.setObject(i, chunk.from());
            }
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pipeline_watermarks (store, next_hour, updated_at) SELECT c.store, ?, ? FROM " + names
                        + " WHERE NOT EXISTS (SELECT 1 FROM pipeline_watermarks w WHERE w.store = c.store)")) {
            int i = 1;
            insert.setObject(i++, chunk.to());
            insert.setObject(i++, utc(now));
            for (String store : stores) {
                insert.setString(i++, store);
            }
            insert.executeUpdate();
        }
    }

    /** Marks the runs a dead process left running, then logs a new one; returns its id. */
    static long startRun(Connection connection, PipelineRun.Kind kind, Instant startedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE pipeline_runs SET status = ?,"
                + " error = COALESCE(error, 'the process stopped during the run') WHERE status = ?")) {
            statement.setString(1, RunStatus.INTERRUPTED.name());
            statement.setString(2, RunStatus.RUNNING.name());
            statement.executeUpdate();
        }
        long id;
        try (PreparedStatement statement =
                        connection.prepareStatement("SELECT COALESCE(MAX(run_id), 0) + 1 FROM pipeline_runs");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO pipeline_runs (run_id, kind,"
                + " started_at, status, readings_fetched, readings_written, attempts) VALUES (?, ?, ?, ?, 0, 0, 1)")) {
            statement.setLong(1, id);
            statement.setString(2, kind.name());
            statement.setObject(3, utc(startedAt));
            statement.setString(4, RunStatus.RUNNING.name());
            statement.executeUpdate();
        }
        return id;
    }

    static void planRun(Connection connection, long runId, HourWindow window) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE pipeline_runs SET window_from = ?, window_to = ? WHERE run_id = ?")) {
            statement.setObject(1, window.from());
            statement.setObject(2, window.to());
            statement.setLong(3, runId);
            statement.executeUpdate();
        }
    }

    static void addChunk(Connection connection, long runId, IngestResult result, int attempts) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE pipeline_runs SET readings_fetched"
                + " = readings_fetched + ?, readings_written = readings_written + ?, attempts = ? WHERE run_id = ?")) {
            statement.setLong(1, result.received());
            statement.setLong(2, result.written());
            statement.setInt(3, attempts);
            statement.setLong(4, runId);
            statement.executeUpdate();
        }
    }

    static void finishRun(
            Connection connection, long runId, RunStatus status, Instant endedAt, int attempts, String error)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE pipeline_runs SET status = ?, ended_at = ?, attempts = ?, error = ? WHERE run_id = ?")) {
            statement.setString(1, status.name());
            statement.setObject(2, utc(endedAt));
            statement.setInt(3, attempts);
            statement.setString(4, error);
            statement.setLong(5, runId);
            statement.executeUpdate();
        }
    }

    static PipelineRun run(Connection connection, long runId) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM pipeline_runs WHERE run_id = ?")) {
            statement.setLong(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new PipelineException("No run " + runId + " in the run log");
                }
                return toRun(rs);
            }
        }
    }

    static List<PipelineRun> runs(Connection connection, int limit) throws SQLException {
        List<PipelineRun> runs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM pipeline_runs ORDER BY run_id DESC LIMIT ?")) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    runs.add(toRun(rs));
                }
            }
        }
        return runs;
    }

    private static PipelineRun toRun(ResultSet rs) throws SQLException {
        LocalDateTime from = rs.getObject(3, LocalDateTime.class);
        LocalDateTime to = rs.getObject(4, LocalDateTime.class);
        LocalDateTime ended = rs.getObject(6, LocalDateTime.class);
        return new PipelineRun(
                rs.getLong(1),
                PipelineRun.Kind.valueOf(rs.getString(2)),
                from == null ? null : HourWindow.of(from, to),
                instant(rs.getObject(5, LocalDateTime.class)),
                ended == null ? null : instant(ended),
                RunStatus.valueOf(rs.getString(7)),
                rs.getLong(8),
                rs.getLong(9),
                rs.getInt(10),
                rs.getString(11));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
