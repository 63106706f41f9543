package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sensor-days one write transaction changed, gathered by its ingests for {@link
 * MaterializedViews#maintain}: a temporary table of (store_id, sensor_id, epoch_day), which may
 * name a day more than once or a day that did not change (both cost only time), or the mark that
 * everything changed (a first load), which rebuilds the views instead.
 *
 * <p>Not thread-safe: one per transaction, on the writer connection.
 */
public final class ChangedDays {
    /** The temporary table of changed sensor-days. */
    static final String TABLE = "changed_days";

    private boolean everything;
    private boolean created;
    private ArrivingCells arriving;

    /** Marks every stored day as changed: the views are rebuilt from all readings. */
    public void everything() {
        everything = true;
    }

    /**
     * Adds the sensor-days of a query's rows.
     *
     * @param connection the transaction's connection
     * @param select a query yielding (store_id, sensor_id, epoch_day)
     * @param parameters its bind parameters
     * @throws SQLException when the database fails
     */
    public void add(Connection connection, String select, Object... parameters) throws SQLException {
        if (everything) {
            return;
        }
        if (!created) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + TABLE
                        + " (store_id INTEGER NOT NULL, sensor_id INTEGER NOT NULL, epoch_day INTEGER NOT NULL)");
            }
            created = true;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " " + select)) {
            for (int i = 0; i < parameters.length; i++) {
                insert.setObject(i + 1, parameters[i]);
            }
            insert.execute();
        }
    }

    /**
     * The sensor-day of a reading's epoch hour, as an expression.
     *
     * @param epochHour the column or expression of the hour
     * @return its {@code epoch_day}
     */
    public static String epochDay(String epochHour) {
        return "CAST(floor(" + epochHour + " / 24) AS INTEGER)";
    }

    /**
     * @return the cells a first load sums as it inserts its readings, for the rebuild at its end
     *     ({@link ArrivingCells}); null when none are summed
     */
    public ArrivingCells arriving() {
        return arriving;
    }

    /** @param cells the cells the transaction's direct inserts add to, or null */
    public void arriving(ArrivingCells cells) {
        this.arriving = cells;
    }

    /** @return whether every stored day is marked as changed ({@link #everything()}) */
    public boolean isEverything() {
        return everything;
    }

    boolean isEmpty() {
        return !everything && !created;
    }

    /** Drops the table, once the views are maintained (or the transaction is rolled back). */
    void clear(Connection connection) throws SQLException {
        if (created) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
        created = false;
        everything = false;
    }
}
