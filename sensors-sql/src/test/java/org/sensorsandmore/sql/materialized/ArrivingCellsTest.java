package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.StoredReadings;

/**
 * The cells a first load sums as it inserts are the cells the rebuild would read back, and the
 * rebuild takes them only when they hold exactly the table's readings: random fleets (sensors that
 * start late and stop early, gaps, failed and not-open readings, hours before 1970), fed hour by
 * hour in batches as a catch-up's chunks are. A failure names its seed.
 */
class ArrivingCellsTest {
    private static final String[] STORES = {"A", "B", "C"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void cellsSummedAsReadingsArriveAreTheCellsReadBackAndRebuildTheSameTables(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                ArrivingCells arriving = ArrivingCells.withinHeap();
                load(connection, random, arriving);
                assertThat(arriving.isAbandoned())
                        .as("seed %d: %s", seed, arriving.why())
                        .isFalse();
                assertSameCells(connection, arriving, "seed " + seed);

                MaterializedViews.rebuildWithSql(connection);
                List<List<List<Object>>> expected = tables(connection);
                clearTables(connection);
                assertThat(RebuildKernel.insert(connection, arriving, 64)).isTrue();
                assertThat(tables(connection)).as("seed %d", seed).isEqualTo(expected);
                return null;
            });
        }
    }

    @Test
    void cellsThatMissAReadingOfTheTableAreNotTaken() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                ArrivingCells arriving = ArrivingCells.withinHeap();
                load(connection, new SplittableRandom(9), arriving);
                try (Statement statement = connection.createStatement()) {
                    // A reading the cells never saw, within its sensor's span: only the counts differ.
                    String table = StoredReadings.TABLE;
                    StoredReadings.rewrite(
                            statement,
                            "INSERT INTO " + table + " SELECT store_id, sensor_id, epoch_hour + 1, 0, 5, false"
                                    + " FROM " + table + " r WHERE NOT EXISTS (SELECT 1 FROM " + table
                                    + " x WHERE x.store_id = r.store_id AND x.sensor_id = r.sensor_id"
                                    + " AND x.epoch_hour = r.epoch_hour + 1) AND epoch_hour + 1 < (SELECT MAX(epoch_hour)"
                                    + " FROM " + table
                                    + " y WHERE y.store_id = r.store_id AND y.sensor_id = r.sensor_id)"
                                    + " LIMIT 1");
                }
                try (BufferAllocator allocator = new RootAllocator()) {
                    SensorDayCells read = RebuildKernel.read(duckdb(connection), allocator, arriving);
                    assertThat(arriving.filled()).isFalse();
                    assertThat(read.added()).isEqualTo(arriving.added() + 1);
                }
                return null;
            });
        }
    }

    @Test
    void aReadingBeforeTheLoadsFirstHourOrPastTheBudgetAbandonsTheCells() {
        ReadingBatch batch = ReadingBatch.create(List.of("A"), 4);
        batch.add(0, 0, 48, ReadingStatus.OK, 3, false);
        batch.add(0, 0, 47, ReadingStatus.OK, 3, false);
        ArrivingCells early = ArrivingCells.withinHeap();
        early.add(batch, new int[] {1});
        assertThat(early.isAbandoned()).isTrue();
        assertThat(early.why()).contains("before the load's first hour");

        ReadingBatch year = ReadingBatch.create(List.of("A"), 2);
        year.add(0, 0, 0, ReadingStatus.OK, 3, false);
        year.add(0, 0, 24 * 365, ReadingStatus.OK, 3, false);
        ArrivingCells small = new ArrivingCells(24 * 100 * Integer.BYTES);
        small.add(year, new int[] {1});
        assertThat(small.isAbandoned()).isTrue();
        assertThat(small.why()).contains("share of the heap");
    }

    /** The cells read back from the table and those summed as the readings arrived, slot by slot. */
    private static void assertSameCells(Connection connection, ArrivingCells arriving, String context)
            throws SQLException {
        try (BufferAllocator allocator = new RootAllocator()) {
            SensorDayCells read = RebuildKernel.read(duckdb(connection), allocator, null);
            SensorDayCells summed = RebuildKernel.read(duckdb(connection), allocator, arriving);
            assertThat(arriving.filled()).as(context).isTrue();
            assertThat(summed.slots()).as(context).isEqualTo(read.slots());
            for (int slot = 0; slot < read.slots(); slot++) {
                assertThat(summed.present(slot))
                        .as("%s, slot %d", context, slot)
                        .isEqualTo(read.present(slot));
                assertThat(summed.failedHours(slot))
                        .as("%s, slot %d", context, slot)
                        .isEqualTo(read.failedHours(slot));
                assertThat(summed.dayVisits[slot])
                        .as("%s, slot %d", context, slot)
                        .isEqualTo(read.dayVisits[slot]);
                for (int hour = 0; hour < DayTable.HOURS; hour++) {
                    assertThat(summed.visits(slot, hour))
                            .as("%s, slot %d, hour %d", context, slot, hour)
                            .isEqualTo(read.visits(slot, hour));
                }
            }
        }
    }

    /**
     * Readings of a random fleet, hour by hour (each hour's sensors in a batch of their own), into
     * {@code readings} and the cells alike. Store ids 1 to 3, as the warehouse numbers stores.
     */
    private static void load(Connection connection, SplittableRandom random, ArrivingCells... arriving)
            throws SQLException {
        int firstDay = random.nextBoolean() ? -20 : 19_700;
        int days = 10 + random.nextInt(40);
        List<int[]> sensors = new ArrayList<>();
        for (int store = 0; store < STORES.length; store++) {
            for (int sensor = 0; sensor < 1 + random.nextInt(5); sensor++) {
                int from = (firstDay + random.nextInt(days / 2)) * 24 + random.nextInt(24);
                int to = (firstDay + days / 2 + random.nextInt(days / 2)) * 24 + random.nextInt(24);
                sensors.add(new int[] {store, sensor * 2, from, to});
            }
        }
        int[] ids = {1, 2, 3};
        try (Statement statement = connection.createStatement()) {
            StoredReadings.open(statement);
        }
        try (DuckDBAppender appender =
                connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", StoredReadings.TABLE)) {
            for (int hour = firstDay * 24; hour < (firstDay + days) * 24; hour++) {
                ReadingBatch batch = ReadingBatch.create(List.of(STORES), 16);
                for (int[] sensor : sensors) {
                    if (hour < sensor[2] || hour > sensor[3] || (hour != sensor[2] && random.nextDouble() < 0.1)) {
                        continue;
                    }
                    double pick = random.nextDouble();
                    ReadingStatus status =
                            pick < 0.1 ? ReadingStatus.FAILED : pick < 0.2 ? ReadingStatus.NOT_OPEN : ReadingStatus.OK;
                    int visits = status == ReadingStatus.OK ? random.nextInt(500) : 0;
                    batch.add(sensor[0], sensor[1], hour, status, visits, random.nextDouble() < 0.05);
                    appender.beginRow();
                    appender.append(ids[sensor[0]]);
                    appender.append(sensor[1]);
                    appender.append(hour);
                    appender.append(status.code());
                    if (status == ReadingStatus.OK) {
                        appender.append(visits);
                    } else {
                        appender.appendNull();
                    }
                    appender.append(batch.anomaly(batch.size() - 1));
                    appender.endRow();
                }
                for (ArrivingCells cells : arriving) {
                    cells.add(batch, ids);
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            StoredReadings.store(statement);
        }
    }

    private static DuckDBConnection duckdb(Connection connection) throws SQLException {
        return connection.unwrap(DuckDBConnection.class);
    }

    private static void clearTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (DayTable table : DayTable.values()) {
                statement.execute("DELETE FROM " + table.table());
            }
        }
    }

    private static List<List<List<Object>>> tables(Connection connection) throws SQLException {
        List<List<List<Object>>> tables = new ArrayList<>();
        for (DayTable table : DayTable.values()) {
            List<List<Object>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT * FROM " + table.table() + " ORDER BY ALL")) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int column = 1; column <= columns; column++) {
                        row.add(rs.getObject(column));
                    }
                    rows.add(row);
                }
            }
            tables.add(rows);
        }
        return tables;
    }
}
