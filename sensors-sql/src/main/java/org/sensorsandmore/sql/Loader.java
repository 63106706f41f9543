package org.sensorsandmore.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest: readings are appended to a temporary staging table, then merged into {@code
 * readings} by key in the caller's transaction.
 *
 * <p>The merge keeps the last reading given for a key, skips readings equal to the stored ones
 * (so ingesting the same data twice writes nothing) and replaces the others. Staging goes through
 * an Arrow stream when the JVM allows it ({@link ArrowStager}), else DuckDB's Appender.
 *
 * <p>Not thread-safe: one ingest at a time on the writer connection.
 */
final class Loader implements ReadingSink, AutoCloseable {
    /** Status codes as stored; the view texts test {@code status = 1} for a failed reading. */
    static final byte OK = 0;

    static final byte FAILED = 1;
    static final byte NOT_OPEN = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    private final DuckDBConnection connection;
    private DuckDBAppender appender;
    private ArrowStager arrow;
    private final KeyTracker keys = new KeyTracker();
    private long received;
    private long minEpochHour = Long.MAX_VALUE;
    private long maxEpochHour = Long.MIN_VALUE;

    Loader(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            // seq keeps the order readings were given in: the last one for a key wins.
            statement.execute("CREATE OR REPLACE TEMP TABLE staging (seq BIGINT, store VARCHAR, sensor_id INTEGER,"
                    + " epoch_hour BIGINT, status TINYINT, visits INTEGER, anomaly BOOLEAN)");
        }
        if (ArrowStager.available()) {
            arrow = new ArrowStager(connection);
        } else {
            appender = connection.createAppender("temp", "main", "staging");
        }
    }

    static byte code(ReadingStatus status) {
        return switch (status) {
            case OK -> OK;
            case FAILED -> FAILED;
            case NOT_OPEN -> NOT_OPEN;
        };
    }

    @Override
    public void accept(ReadingBatch batch) {
        keys.add(batch);
        try {
            if (arrow != null) {
                arrow.append(batch, received);
                for (int i = 0; i < batch.size(); i++) {
                    int epochHour = batch.epochHour(i);
                    minEpochHour = Math.min(minEpochHour, epochHour);
                    maxEpochHour = Math.max(maxEpochHour, epochHour);
                }
                received += batch.size();
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                int epochHour = batch.epochHour(i);
                appender.beginRow();
                appender.append(received + i);
                appender.append(batch.storeName(i));
                appender.append(batch.sensorId(i));
                appender.append((long) epochHour);
                ReadingStatus status = batch.status(i);
                appender.append(code(status));
                if (status == ReadingStatus.FAILED) {
                    appender.appendNull();
                } else {
                    appender.append(batch.visits(i));
                }
                appender.append(batch.anomaly(i));
                appender.endRow();
                minEpochHour = Math.min(minEpochHour, epochHour);
                maxEpochHour = Math.max(maxEpochHour, epochHour);
            }
            received += batch.size();
        } catch (SQLException e) {
            throw new WarehouseException("Could not stage readings: " + e.getMessage(), e);
        }
    }

    /**
     * Stages the rows of a query that yields (store, sensor_id, epoch_hour, status, visits,
     * anomaly), for inputs DuckDB reads itself (parquet).
     *
     * @param select the query
     * @param parameters its bind parameters
     * @throws SQLException when the database fails
     */
    void stageQuery(String select, Object... parameters) throws SQLException {
        flushStaged();
        keys.untracked();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staging " + select)) {
            for (int i = 0; i < parameters.length; i++) {
                insert.setObject(i + 1, parameters[i]);
            }
            insert.execute();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT COUNT(*), MIN(epoch_hour), MAX(epoch_hour) FROM staging")) {
            rs.next();
            received = rs.getLong(1);
            if (received > 0) {
                minEpochHour = rs.getLong(2);
                maxEpochHour = rs.getLong(3);
            }
        }
    }

    /**
     * Merges the staged readings into {@code readings}; the caller commits.
     *
     * @return what was received and written
     * @throws SQLException when the database fails
     */
    IngestResult merge() throws SQLException {
        flushStaged();
        long staged = System.nanoTime();
        if (received == 0) {
            return new IngestResult(0, 0);
        }
        LocalDateTime from = Hours.ofEpochHour(minEpochHour);
        LocalDateTime to = Hours.ofEpochHour(maxEpochHour);
        // The last reading given for a key wins (seq follows the order given); the calendar
        // columns are derived here once, so the views never compute them.
        String latest = keys.maybeRepeated()
                ? "SELECT * FROM staging"
                        + " QUALIFY row_number() OVER (PARTITION BY store, sensor_id, epoch_hour ORDER BY seq DESC) = 1"
                : "SELECT * FROM staging";
        String derived = "WITH latest AS (" + latest + "),"
                + " fresh AS ("
                + "   SELECT store, sensor_id,"
                + "     TIMESTAMP '1970-01-01 00:00:00' + to_hours(epoch_hour) AS hour,"
                + "     CAST(floor(epoch_hour / 24) AS INTEGER) AS epoch_day,"
                + "     status, visits, anomaly, epoch_hour"
                + "   FROM latest)"
                + " SELECT f.store, f.sensor_id, f.hour,"
                + "   DATE '1970-01-01' + f.epoch_day AS date,"
                + "   f.epoch_day,"
                + "   CAST(f.epoch_hour - 24 * f.epoch_day AS INTEGER) AS hour_of_day,"
                + "   CAST(((f.epoch_day % 7) + 10) % 7 AS INTEGER) AS weekday," // 1970-01-01 was a Thursday (3)
                + "   f.status, f.visits, f.anomaly"
                + " FROM fresh f";
        if (!anyStored(from, to)) {
            // Nothing stored in these hours (a first load, a new hour): every reading is new, so
            // the comparison with stored readings and the copy it needs are skipped.
            long written;
            try (Statement statement = connection.createStatement()) {
                written = statement.executeLargeUpdate("INSERT INTO readings " + derived);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE staging");
            }
            LOG.debug(
                    "Inserted {} new readings of {} in {} ms",
                    written,
                    received,
                    (System.nanoTime() - staged) / 1_000_000);
            return new IngestResult(received, written);
        }
        try (PreparedStatement changed = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE changed AS "
                + derived
                + " LEFT JOIN (SELECT * FROM readings WHERE hour BETWEEN ? AND ?) r"
                + "   ON r.store = f.store AND r.sensor_id = f.sensor_id AND r.hour = f.hour"
                + " WHERE r.store IS NULL OR r.status <> f.status OR r.visits IS DISTINCT FROM f.visits"
                + "   OR r.anomaly <> f.anomaly")) {
            changed.setObject(1, from);
            changed.setObject(2, to);
            changed.execute();
        }
        long compared = System.nanoTime();
        long written;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM changed")) {
            rs.next();
            written = rs.getLong(1);
        }
        if (written > 0) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM readings r USING changed c"
                    + " WHERE r.hour BETWEEN ? AND ?"
                    + " AND r.store = c.store AND r.sensor_id = c.sensor_id AND r.hour = c.hour")) {
                delete.setObject(1, from);
                delete.setObject(2, to);
                delete.execute();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO readings SELECT * FROM changed");
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE changed");
            statement.execute("DROP TABLE staging");
        }
        LOG.debug(
                "Merged {} readings ({} written): compared in {} ms, stored in {} ms",
                received,
                written,
                (compared - staged) / 1_000_000,
                (System.nanoTime() - compared) / 1_000_000);
        return new IngestResult(received, written);
    }

    private void flushStaged() throws SQLException {
        if (arrow != null) {
            arrow.flush();
        } else if (!appender.isClosed()) {
            appender.close();
        }
    }

    private boolean anyStored(LocalDateTime from, LocalDateTime to) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM readings WHERE hour BETWEEN ? AND ?)")) {
            statement.setObject(1, from);
            statement.setObject(2, to);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() {
        if (arrow != null) {
            arrow.close();
        }
        try {
            if (appender != null && !appender.isClosed()) {
                appender.close();
            }
        } catch (SQLException e) {
            // Closing after a failure: the transaction is rolled back by the caller anyway.
        }
    }
}
