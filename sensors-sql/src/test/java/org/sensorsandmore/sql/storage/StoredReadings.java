package org.sensorsandmore.sql.storage;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Changes the stored readings with SQL written over readings, for tests that set up a database by
 * hand: {@code readings} is a view over {@link ReadingDays#TABLE}, which takes no INSERT, UPDATE or
 * DELETE of readings.
 */
public final class StoredReadings {
    /** The temporary table of readings the changes are written over. */
    public static final String TABLE = "test_readings";

    private StoredReadings() {}

    /**
     * Copies the stored readings into {@link #TABLE} (the columns of {@code readings}), runs the
     * changes on it, and stores its readings in place of the old ones.
     *
     * @param statement a statement on the writer connection
     * @param changes statements over {@link #TABLE}
     * @throws SQLException when the database fails
     */
    public static void rewrite(Statement statement, String... changes) throws SQLException {
        open(statement);
        for (String change : changes) {
            statement.execute(change);
        }
        store(statement);
    }

    /**
     * Copies the stored readings into {@link #TABLE}, where a test changes them (an Appender may
     * append to it: {@code createAppender("temp", "main", TABLE)}) before {@link #store}.
     *
     * @param statement a statement on the writer connection
     * @throws SQLException when the database fails
     */
    public static void open(Statement statement) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + TABLE + " AS SELECT " + Loader.COLUMNS + " FROM readings");
    }

    /**
     * Stores the readings of {@link #TABLE} in place of the stored ones, and drops it.
     *
     * @param statement a statement on the writer connection
     * @throws SQLException when the database fails
     */
    public static void store(Statement statement) throws SQLException {
        statement.execute("DELETE FROM " + ReadingDays.TABLE);
        statement.execute(insert("SELECT " + Loader.COLUMNS + " FROM " + TABLE));
        statement.execute("DROP TABLE " + TABLE);
    }

    /**
     * @param readings a query yielding the columns of {@code readings}, one row per key
     * @return the statement that inserts their sensor-day rows, new to the table
     */
    public static String insert(String readings) {
        return "INSERT INTO " + ReadingDays.TABLE + " SELECT * FROM (" + ReadingDays.pivot(readings) + ") r"
                + " ORDER BY epoch_day, store_id, sensor_id";
    }
}
