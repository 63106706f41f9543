package org.sensorsandmore.sql.testing;

import java.sql.ResultSet;
import java.sql.Statement;
import org.sensorsandmore.sql.Warehouse;

/**
 * Turns a warehouse file back into what an older library wrote, for the migration tests: the tables
 * added since are dropped and the schema versions after the old one forgotten.
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
