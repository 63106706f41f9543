package org.sensorsandmore.sql.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.views.ViewSql;

/**
 * The database's tables, versioned: {@link #migrate} brings any older database to {@link #CURRENT}
 * in one transaction, and refuses a database written by a newer library.
 */
public final class Schema {
    /** The version this library writes. */
    public static final int CURRENT = 10;

    /**
     * Migration {@code i} (0-based) takes a database from version {@code i} to {@code i + 1}.
     *
     * <p>Version 1: {@code readings} holds one row per (store, sensor_id, hour). There is no primary
     * key on purpose: DuckDB keeps a primary key's index in memory (gigabytes for a year of a large
     * fleet), and the loader already keeps keys unique by replacing before it inserts. The
     * calendar columns (date, epoch_day, hour_of_day, weekday) are derived from {@code hour} at
     * ingest so the view texts need no engine-specific date functions (Spark runs the same texts).
     * {@code status}: 0 OK, 1 FAILED ({@code visits} NULL), 2 NOT_OPEN ({@code visits} 0).
     *
     * <p>Version 2: {@code pipeline_watermarks} and {@code pipeline_runs}, the hourly pipeline's
     * state ({@code PipelineTables}), kept in the same file so it commits with the readings it
     * describes. The statements are a copy of the pipeline's tables as version 2 created them: a
     * migration never changes, and a later change to the tables is a migration of its own.
     *
     * <p>Version 3: readings name their store by a number, {@code store_id}, and their hour by {@code
     * epoch_hour} (hours since 1970-01-01T00:00 in the store's own zone); {@code stores} maps numbers
     * to names. Six narrow columns instead of ten with a string: ingest writes about twice as fast
     * and the views sort and group integers. The calendar columns are derived in the view texts
     * ({@link ViewSql}), with arithmetic both engines share.
     *
     * <p>Version 4: the views are stored ({@link MaterializedViews}: {@code sensor_days}, {@code
     * store_days}, {@code store_sensors}), filled from the readings once version 10 has stored them. These tables hold derived
     * data only, so their statements are today's: a later change of their layout is a migration
     * that drops and rebuilds them.
     *
     * <p>Version 5: the log of which days' view rows each write changed ({@link
     * MaterializedViews#CHANGES}), from which an export rewrites only those days' files, and the
     * warehouse's identity, so that an export folder knows whose changes it has.
     *
     * <p>Version 6: the alerts' incidents ({@code alert_incidents}, published for readers beside the
     * run log) and the outbox of their notices per channel ({@code alert_outbox}: an undelivered
     * notice waits there for the next run). Instants are UTC, as in the run log; {@code since} is
     * store-local, as readings' hours are. A copy of the statements as version 6 created them.
     *
     * <p>Version 7: the sensor-days whose view rows a series of commits left for a later one
     * ({@link MaterializedViews#PENDING}), so that a catch-up's chunks are maintained once, and a
     * killed one's by the next process. A copy of the statement as version 7 created it.
     *
     * <p>Version 8: each store's first and last stored hour ({@link StoredHours#TABLE}), kept by
     * every ingest, so that a process need not scan every reading to learn them. Filled from the
     * readings once. A copy of the statements as version 8 created them.
     *
     * <p>Version 9: {@link MaterializedViews#DIRTY} names the changed store-days, not only their
     * months, so that a publish can write the changed rows alone. What an older library marked
     * stays marked, as whole months. A copy of the statements as version 9 created them.
     *
     * <p>Version 10: the readings are stored as a row per sensor-day ({@link ReadingDays}), and
     * {@code readings} becomes a view listing them. 35 M readings are 1.46 M rows: a rebuild reads
     * them in about half the time, and a load writes about a fifth of the values. The
     * statements are {@link ReadingDays}' as version 10 creates them: a later change of the table is
     * a migration of its own. A database from before version 4 gets its views filled here.
     */
    private static final List<Migration> MIGRATIONS = List.of(
            statements("CREATE TABLE readings ("
                    + " store VARCHAR NOT NULL,"
                    + " sensor_id INTEGER NOT NULL,"
                    + " hour TIMESTAMP NOT NULL,"
                    + " date DATE NOT NULL,"
                    + " epoch_day INTEGER NOT NULL,"
                    + " hour_of_day INTEGER NOT NULL,"
                    + " weekday INTEGER NOT NULL,"
                    + " status TINYINT NOT NULL,"
                    + " visits INTEGER,"
                    + " anomaly BOOLEAN NOT NULL)"),
            // Version 2: the pipeline's watermarks and run log (see PipelineTables).
            statements(
                    "CREATE TABLE pipeline_watermarks ("
                            + " store VARCHAR NOT NULL,"
                            + " next_hour TIMESTAMP NOT NULL,"
                            + " updated_at TIMESTAMP NOT NULL)",
                    "CREATE TABLE pipeline_runs ("
                            + " run_id BIGINT NOT NULL,"
                            + " kind VARCHAR NOT NULL,"
                            + " window_from TIMESTAMP,"
                            + " window_to TIMESTAMP,"
                            + " started_at TIMESTAMP NOT NULL,"
                            + " ended_at TIMESTAMP,"
                            + " status VARCHAR NOT NULL,"
                            + " readings_fetched BIGINT NOT NULL,"
                            + " readings_written BIGINT NOT NULL,"
                            + " attempts INTEGER NOT NULL,"
                            + " error VARCHAR)"),
            statements(
                    "CREATE TABLE stores (store_id INTEGER PRIMARY KEY, store VARCHAR NOT NULL UNIQUE)",
                    "INSERT INTO stores SELECT CAST(row_number() OVER (ORDER BY store) AS INTEGER), store"
                            + " FROM (SELECT DISTINCT store FROM readings)",
                    "CREATE TABLE readings_v3 ("
                            + " store_id INTEGER NOT NULL,"
                            + " sensor_id INTEGER NOT NULL,"
                            + " epoch_hour INTEGER NOT NULL,"
                            + " status TINYINT NOT NULL,"
                            + " visits INTEGER,"
                            + " anomaly BOOLEAN NOT NULL)",
                    "INSERT INTO readings_v3 SELECT s.store_id, r.sensor_id, r.epoch_day * 24 + r.hour_of_day,"
                            + " r.status, r.visits, r.anomaly FROM readings r JOIN stores s ON s.store = r.store"
                            + " ORDER BY s.store_id, r.sensor_id, r.epoch_day, r.hour_of_day",
                    "DROP TABLE readings",
                    "ALTER TABLE readings_v3 RENAME TO readings"),
            // Version 4: the stored views' tables, filled once version 10 stores the readings as
            // the views read them.
            statements(MaterializedViews.create().toArray(String[]::new)),
            statements(
                    "CREATE TABLE " + MaterializedViews.CHANGES + " (change BIGINT NOT NULL, epoch_day INTEGER)",
                    // Every day changed, as far as an export from before the log can tell.
                    "INSERT INTO " + MaterializedViews.CHANGES + " VALUES (1, NULL)",
                    "CREATE TABLE " + MaterializedViews.IDENTITY + " (id VARCHAR NOT NULL)",
                    "INSERT INTO " + MaterializedViews.IDENTITY + " SELECT CAST(uuid() AS VARCHAR)"),
            // Version 6: the alerts (see org.sensorsandmore.sql.alerts.AlertTables).
            statements(
                    "CREATE TABLE alert_incidents ("
                            + " incident_id BIGINT NOT NULL,"
                            + " rule VARCHAR NOT NULL,"
                            + " store VARCHAR NOT NULL,"
                            + " sensor_id INTEGER,"
                            + " since TIMESTAMP NOT NULL,"
                            + " detail VARCHAR NOT NULL,"
                            + " opened_at TIMESTAMP NOT NULL,"
                            + " closed_at TIMESTAMP,"
                            + " recovery VARCHAR)",
                    "CREATE TABLE alert_outbox ("
                            + " incident_id BIGINT NOT NULL,"
                            + " event VARCHAR NOT NULL,"
                            + " channel VARCHAR NOT NULL,"
                            + " created_at TIMESTAMP NOT NULL,"
                            + " attempts INTEGER NOT NULL,"
                            + " last_error VARCHAR,"
                            + " delivered_at TIMESTAMP)"),
            // Version 7: the days whose views wait (see MaterializedViews#defer).
            statements("CREATE TABLE " + MaterializedViews.PENDING
                    + " (store_id INTEGER, sensor_id INTEGER, epoch_day INTEGER)"),
            // Version 8: the stored hours (see StoredHours).
            statements(
                    "CREATE TABLE stored_hours (store_id INTEGER PRIMARY KEY, first_hour INTEGER NOT NULL,"
                            + " last_hour INTEGER NOT NULL)",
                    "INSERT INTO stored_hours SELECT store_id, MIN(epoch_hour), MAX(epoch_hour) FROM readings"
                            + " GROUP BY store_id"),
            // Version 9: the changed days (see MaterializedViews#DIRTY).
            statements(
                    "CREATE TABLE views_dirty_v9 (store_id INTEGER NOT NULL, month INTEGER NOT NULL, epoch_day INTEGER)",
                    "INSERT INTO views_dirty_v9 SELECT DISTINCT store_id, month, NULL FROM views_dirty",
                    "DROP TABLE views_dirty",
                    "ALTER TABLE views_dirty_v9 RENAME TO views_dirty"),
            // Version 10: the readings as sensor-day rows (see ReadingDays).
            statement -> {
                List<String> create = ReadingDays.create();
                statement.execute(create.get(0));
                statement.execute("INSERT INTO " + ReadingDays.TABLE + " SELECT * FROM ("
                        + ReadingDays.pivot("SELECT " + Loader.COLUMNS + " FROM readings")
                        + ") r ORDER BY epoch_day, store_id, sensor_id");
                statement.execute("DROP TABLE readings");
                statement.execute(create.get(1));
                // A database from before version 4 has readings and empty views.
                boolean unbuilt;
                try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + ReadingDays.TABLE
                        + ") AND NOT EXISTS (SELECT 1 FROM sensor_days)")) {
                    rs.next();
                    unbuilt = rs.getBoolean(1);
                }
                if (unbuilt) {
                    MaterializedViews.rebuild(statement.getConnection());
                }
            });

    /** One step of {@link #MIGRATIONS}, run in the migration's transaction. */
    @FunctionalInterface
    private interface Migration {
        void run(Statement statement) throws SQLException;
    }

    private static Migration statements(String... sqls) {
        return statement -> {
            for (String sql : sqls) {
                statement.execute(sql);
            }
        };
    }

    private Schema() {}

    /**
     * Creates or upgrades the schema.
     *
     * @param connection a connection in auto-commit mode
     * @param where the database, for messages
     * @throws SQLException when the database fails
     * @throws WarehouseException when the database is newer than this library
     */
    public static void migrate(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            int version;
            try (ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > CURRENT) {
                throw new WarehouseException("The database " + where + " has schema version " + version
                        + ", newer than this library's " + CURRENT + ": use a newer sensors-sql");
            }
            if (version == CURRENT) {
                return;
            }
            connection.setAutoCommit(false);
            try {
                for (int v = version; v < CURRENT; v++) {
                    MIGRATIONS.get(v).run(statement);
                    statement.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
