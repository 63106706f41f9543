package org.sensorsandmore.sql.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The first and last stored epoch hour of each store, for {@link Loader}'s choice whether a
 * sensor-day row may go straight into {@link ReadingDays#TABLE} or must be merged. They are kept in the table {@link #TABLE} (schema 8),
 * widened by every ingest in the transaction that writes its readings, and read from there once
 * per warehouse: 400 rows, where a scan of the readings took 130 to 350 ms at 35 M readings, in
 * every process that ingests (an hourly pipeline run is one).
 *
 * <p>Ranges may only be wider than what is stored, never narrower: a wider one costs a row the
 * merge, a narrower one could store a key twice. So an ingest's hours count from its merge
 * on (a later ingest of the same transaction sees them), and a rollback leaves them counted in
 * memory; the table rolls back with the readings it describes.
 *
 * <p>Not thread-safe: the writer's, under its lock.
 */
public final class StoredHours {
    /** The table: {@code store_id} (primary key), {@code first_hour}, {@code last_hour}. */
    public static final String TABLE = "stored_hours";

    /** Each store id's first and last hour; null until read. */
    private Map<Integer, int[]> ranges;

    /**
     * @param connection the writer connection
     * @return each store id's first and last stored hour, or wider; read on first use
     * @throws SQLException when the database fails
     */
    Map<Integer, int[]> ranges(Connection connection) throws SQLException {
        if (ranges == null) {
            Map<Integer, int[]> read = new HashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT store_id, first_hour, last_hour FROM " + TABLE)) {
                while (rs.next()) {
                    read.put(rs.getInt(1), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
            ranges = read;
        }
        return ranges;
    }

    /**
     * Counts the hours an ingest wrote, or may have written, in memory and in the table, in the
     * ingest's transaction.
     *
     * @param connection the writer connection, in the ingest's transaction
     * @param given each store id's first and last hour of the ingest
     * @throws SQLException when the database fails
     */
    void widen(Connection connection, Map<Integer, int[]> given) throws SQLException {
        if (given.isEmpty()) {
            return;
        }
        if (ranges != null) {
            // Before the table: counted even when the statement below fails (wider is safe).
            given.forEach((id, range) -> ranges.merge(id, range.clone(), StoredHours::span));
        }
        // Numbers only, so the values are written inline: one statement for any number of stores.
        String values = given.entrySet().stream()
                .map(store -> "(" + store.getKey() + ", " + store.getValue()[0] + ", " + store.getValue()[1] + ")")
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + TABLE + " VALUES " + values
                    + " ON CONFLICT (store_id) DO UPDATE SET first_hour = LEAST(first_hour, excluded.first_hour),"
                    + " last_hour = GREATEST(last_hour, excluded.last_hour)");
        }
    }

    /** @return the hours from the earlier of two ranges' first to the later of their last */
    static int[] span(int[] a, int[] b) {
        return new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
    }
}
