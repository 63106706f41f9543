package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.StoredReadings;

/**
 * The rebuild kernel writes the tables the SQL rebuild writes, every row and column, on random
 * fleets: stores with different numbers of sensors (ids with gaps, one negative),
 * sensors that start late and stop early, days and hours without readings, failed and not-open
 * readings, counts that are NULL or negative, hours before 1970; then corrections (changed
 * statuses and counts, deleted readings, late readings of new sensors) and again. A failure names
 * its seed.
 */
class RebuildKernelTest {
    private static final List<String> TABLES = List.of("sensor_days", "store_days", "store_sensors", "views_dirty");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void kernelRebuildEqualsTheSqlRebuildOnRandomFleets(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                insertFleet(connection, random);
                assertKernelEqualsSql(connection, "seed " + seed);
                correct(connection, random);
                assertKernelEqualsSql(connection, "seed " + seed + ", after corrections");
                return null;
            });
        }
    }

    /**
     * Slices of 64 rows: a series' rows, and the days its baselines read back, fall in different
     * slices (the fleets above fit one slice of the default size).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void rowsHandedOverInSmallSlicesEqualTheSqlRebuild(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                insertFleet(connection, random);
                correct(connection, random);
                MaterializedViews.rebuildWithSql(connection);
                List<List<List<Object>>> expected = new ArrayList<>();
                for (DayTable table : DayTable.values()) {
                    expected.add(rows(connection, ordered(table.table())));
                }
                try (Statement statement = connection.createStatement()) {
                    for (DayTable table : DayTable.values()) {
                        statement.execute("DELETE FROM " + table.table());
                    }
                }
                assertThat(RebuildKernel.insert(connection, null, 64)).isTrue();
                for (DayTable table : DayTable.values()) {
                    assertThat(rows(connection, ordered(table.table())))
                            .as("seed %d: %s", seed, table.table())
                            .containsExactlyElementsOf(expected.get(table.ordinal()));
                }
                return null;
            });
        }
    }

    @Test
    void aSensorDayStoredTwiceIsRefused() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                try (Statement statement = connection.createStatement()) {
                    for (int visits : new int[] {5, 7}) {
                        statement.execute(StoredReadings.insert("SELECT * FROM (VALUES (1, 0, 480000, 0, " + visits
                                + ", false)) r(" + READING_COLUMNS + ")"));
                    }
                }
                assertThatThrownBy(() -> MaterializedViews.rebuild(connection))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining(
                                "reading_days holds 1 readings on sensor-days it has more than one row of");
                return null;
            });
        }
    }

    @Test
    void countsTheKernelCannotHoldAreRebuiltWithSql() {
        assertRebuiltWithSql(
                Integer.MIN_VALUE,
                StoredReadings.insert("SELECT * FROM (VALUES (1, 0, 480000, 0, " + Integer.MIN_VALUE + ", false),"
                        + " (1, 0, 480001, 0, " + Integer.MAX_VALUE + ", false), (1, 0, 480002, 0, -3, false)) r("
                        + READING_COLUMNS + ")"));
    }

    /** The columns of {@code readings}, naming a VALUES list's. */
    private static final String READING_COLUMNS = "store_id, sensor_id, epoch_hour, status, visits, anomaly";

    /**
     * Stores readings the kernel leaves to the SQL, one sensor's one day, and checks that the kernel
     * says so and the SQL's row stands, with the visits of its first hour.
     */
    private static void assertRebuiltWithSql(long firstHourVisits, String... inserts) {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                try (Statement statement = connection.createStatement()) {
                    for (String insert : inserts) {
                        statement.execute(insert);
                    }
                }
                MaterializedViews.rebuildWithSql(connection);
                List<List<Object>> expected = rows(connection, "SELECT * FROM sensor_days");
                assertThat(MaterializedViews.rebuildByKernel(connection)).isFalse();
                assertThat(rows(connection, "SELECT * FROM sensor_days")).containsExactlyElementsOf(expected);
                assertThat(expected)
                        .singleElement()
                        .satisfies(row -> assertThat(row.get(3)).isEqualTo(firstHourVisits));
                return null;
            });
        }
    }

    @Test
    void noReadingsRebuildEmptyTablesWithoutTheKernel() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                try (Statement statement = connection.createStatement()) {
                    StoredReadings.rewrite(
                            statement, "INSERT INTO " + StoredReadings.TABLE + " VALUES (1, 0, 480000, 0, 5, false)");
                }
                MaterializedViews.rebuild(connection);
                try (Statement statement = connection.createStatement()) {
                    StoredReadings.rewrite(statement, "DELETE FROM " + StoredReadings.TABLE);
                }
                // Rows of readings now gone: a rebuild of no reading leaves every table empty.
                assertThat(MaterializedViews.rebuildByKernel(connection)).isFalse();
                for (String table : TABLES) {
                    assertThat(rows(connection, "SELECT * FROM " + table))
                            .as(table)
                            .isEmpty();
                }
                return null;
            });
        }
    }

    /** Rebuilds with SQL, keeps what it wrote, rebuilds with the kernel and compares. */
    private static void assertKernelEqualsSql(Connection connection, String context) throws SQLException {
        MaterializedViews.rebuildWithSql(connection);
        List<List<List<Object>>> expected = new ArrayList<>();
        for (String table : TABLES) {
            expected.add(rows(connection, ordered(table)));
        }
        assertThat(MaterializedViews.rebuildByKernel(connection))
                .as("%s: the kernel ran", context)
                .isTrue();
        for (int i = 0; i < TABLES.size(); i++) {
            List<List<Object>> actual = rows(connection, ordered(TABLES.get(i)));
            assertThat(actual)
                    .as("%s: %s", context, TABLES.get(i))
                    .hasSameSizeAs(expected.get(i))
                    .containsExactlyElementsOf(expected.get(i));
        }
    }

    /**
     * The rows in key order: the writer's session does not keep insertion order, so once the rows
     * come in several slices DuckDB's threads may store them in another.
     */
    private static String ordered(String table) {
        return "SELECT * FROM " + table + " ORDER BY ALL";
    }

    /** Stores with their own sensors, each over its own days, with gaps and every kind of reading. */
    private static void insertFleet(Connection connection, SplittableRandom random) throws SQLException {
        int firstDay = random.nextBoolean() ? -40 + random.nextInt(30) : 19_700 + random.nextInt(100);
        int days = 1 + random.nextInt(70);
        int stores = 1 + random.nextInt(5);
        try (DuckDBAppender appender = appender(connection)) {
            int storeId = random.nextInt(3);
            for (int store = 0; store < stores; store++) {
                storeId += 1 + random.nextInt(3);
                int sensors = 1 + random.nextInt(6);
                int sensorId = random.nextInt(4) - 2;
                for (int sensor = 0; sensor < sensors; sensor++) {
                    sensorId += 1 + random.nextInt(4);
                    int from = firstDay + (random.nextDouble() < 0.3 ? random.nextInt(days) : 0);
                    int to = firstDay + days - 1 - (random.nextDouble() < 0.3 ? random.nextInt(days) : 0);
                    double missingDay = random.nextDouble() * 0.3;
                    double missingHour = random.nextDouble() * 0.4;
                    for (int day = from; day <= to; day++) {
                        if (random.nextDouble() < missingDay) {
                            continue;
                        }
                        // A partial day: the readings stop (or start) within it.
                        int firstHour = random.nextDouble() < 0.1 ? random.nextInt(24) : 0;
                        int lastHour = random.nextDouble() < 0.1 ? random.nextInt(24) : 23;
                        for (int hour = firstHour; hour <= lastHour; hour++) {
                            if (random.nextDouble() >= missingHour) {
                                append(appender, random, storeId, sensorId, day * 24 + hour);
                            }
                        }
                    }
                }
            }
        }
        store(connection);
    }

    /** Changes, deletes and adds readings: the next rebuild sees another fleet. */
    private static void correct(Connection connection, SplittableRandom random) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            String table = StoredReadings.TABLE;
            StoredReadings.rewrite(
                    statement,
                    "UPDATE " + table + " SET status = 1, visits = NULL WHERE hash(epoch_hour, sensor_id, "
                            + random.nextInt(1000) + ") % 11 = 0",
                    "UPDATE " + table + " SET status = 0, visits = epoch_hour % 97 WHERE hash(epoch_hour, store_id, "
                            + random.nextInt(1000) + ") % 13 = 0",
                    "DELETE FROM " + table + " WHERE hash(store_id, sensor_id, epoch_hour // 24, "
                            + random.nextInt(1000) + ") % 9 = 0");
        }
        int[] span;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MIN(epoch_hour), MAX(epoch_hour) FROM readings")) {
            rs.next();
            span = new int[] {rs.getInt(1), rs.getInt(2)};
        }
        try (DuckDBAppender appender = appender(connection)) {
            // Late readings of a sensor new to an existing store and of a new store.
            for (int i = 0; i < 1 + random.nextInt(50); i++) {
                int hour = span[0] + random.nextInt(Math.max(1, span[1] - span[0] + 1));
                append(appender, random, random.nextBoolean() ? 1_000 : 1 + random.nextInt(4), 77, hour + i * 100_000);
            }
        }
        store(connection);
    }

    private static void store(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            StoredReadings.store(statement);
        }
    }

    /** An Appender of readings, which {@link #store} stores once it is closed. */
    private static DuckDBAppender appender(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            StoredReadings.open(statement);
        }
        return connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", StoredReadings.TABLE);
    }

    private static void append(DuckDBAppender appender, SplittableRandom random, int storeId, int sensorId, int hour)
            throws SQLException {
        double pick = random.nextDouble();
        appender.beginRow();
        appender.append(storeId);
        appender.append(sensorId);
        appender.append(hour);
        if (pick < 0.08) {
            appender.append((byte) 1);
            appender.appendNull();
        } else if (pick < 0.14) {
            appender.append((byte) 2);
            if (pick < 0.11) {
                appender.appendNull();
            } else {
                appender.append(0);
            }
        } else {
            appender.append((byte) 0);
            if (pick < 0.15) {
                appender.appendNull();
            } else {
                appender.append(pick < 0.17 ? -2 : random.nextInt(500));
            }
        }
        appender.append(random.nextDouble() < 0.05);
        appender.endRow();
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    Object value = rs.getObject(column);
                    // The same number in another integer type is the same value.
                    row.add(value instanceof Number number ? (Object) number.longValue() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
