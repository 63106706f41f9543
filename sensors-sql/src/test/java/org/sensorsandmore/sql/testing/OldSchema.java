package org.sensorsandmore.sql.testing;

import java.sql.ResultSet;
import java.sql.Statement;
import org.sensorsandmore.sql.Warehouse;

/**
 * Turns a warehouse file back into what an older library wrote, for the migration tests: the
 * readings become a table again (as before version 10), the tables added since are dropped and the
 * schema versions after the old one forgotten.
 *
 * <p>Shared by the tests of several packages, hence public; test code only.
 */
public final class OldSchema {
    private OldSchema() {}

    /**
     * @param warehouse the warehouse, open
     * @param version the schema version to go back to
     * @param tables the tables added after that version
     */
    public static void downgrade(Warehouse warehouse, int version, String... tables) {
        warehouse.inTransaction(transaction -> {
            try (Statement statement = transaction.connection().createStatement()) {
                if (version < 10) {
                    // Readings were a table of their own before version 10 stored them as sensor-days.
                    statement.execute("CREATE TABLE readings_v9 AS SELECT store_id, sensor_id, epoch_hour, status,"
                            + " visits, anomaly FROM readings ORDER BY epoch_hour, store_id, sensor_id");
                    statement.execute("DROP VIEW readings");
                    statement.execute("DROP TABLE reading_days");
                    statement.execute("ALTER TABLE readings_v9 RENAME TO readings");
                }
                for (String table : tables) {
                    statement.execute("DROP TABLE " + table);
                }
                statement.execute("DELETE FROM schema_version WHERE version > " + version);
            }
            return null;
        });
    }

    /** @return the highest schema version the warehouse records */
    public static int version(Warehouse warehouse) {
        return warehouse.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
