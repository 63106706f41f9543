package org.sensorsandmore.sql.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The first and last stored epoch hour of each store, for {@link Loader}'s choice whether a batch
 * may go straight into {@code readings}: read from the readings once per warehouse (a scan of
 * every reading, 130 to 350 ms at 35 M readings, which every ingest paid before), then widened by
 * each ingest of the writer. Ranges may only be wider than what is stored, never narrower: a
 * wider one costs a batch the staged path, a narrower one could store a key twice. So an ingest's
 * hours count from its merge on (a later ingest of the same transaction sees them), and a rollback
 * leaves them counted.
 *
 * <p>Not thread-safe: the writer's, under its lock.
 */
public final class StoredHours {
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
                    ResultSet rs = statement.executeQuery(
                            "SELECT store_id, MIN(epoch_hour), MAX(epoch_hour) FROM readings GROUP BY store_id")) {
                while (rs.next()) {
                    read.put(rs.getInt(1), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
            ranges = read;
        }
        return ranges;
    }

    /** Counts hours an ingest wrote, or may have written, for a store. */
    void widen(int storeId, int first, int last) {
        if (ranges == null) {
            // Read whole on first use, this ingest's hours included.
            return;
        }
        ranges.merge(storeId, new int[] {first, last}, StoredHours::span);
    }

    /** @return the hours from the earlier of two ranges' first to the later of their last */
    static int[] span(int[] a, int[] b) {
        return new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
    }
}
