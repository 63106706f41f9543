package org.sensorsandmore.sql.materialized;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.sensorsandmore.sql.storage.ArrowStager;
import org.sensorsandmore.sql.storage.ArrowVectors;
import org.sensorsandmore.sql.storage.ReadingDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills {@code sensor_days} and {@code store_days} from every reading in one pass of Java instead
 * of SQL: the readings' sensor-day rows are read out as Arrow, put into {@link SensorDayCells} and {@link
 * StoreDayCells}, and the rows, baselines computed as they are handed over ({@link RebuiltRows}), go
 * back in key order as Arrow streams. The SQL of {@link DayTable#cellsFrom} and {@link
 * DayTable#withBaselines} stays the specification, and the rebuild when this cannot run: Arrow
 * unavailable in this JVM ({@link ArrowStager#available()}), a connection that is not DuckDB's, or
 * readings that repeat a key.
 *
 * <p>On a year of a 400 × 10 fleet (35 M readings) the SQL's GROUP BY of 24 conditional sums, its
 * window and its sorted insert took 13 to 20 s on two cores; here reading, summing and writing
 * each cost one pass over arrays sized by each sensor's days (about 235 MB there: 96 bytes of
 * hourly visits and 24 of masks and day cells per sensor-day, 400 per store-day). What is left is
 * mostly DuckDB's: streaming the readings out and inserting the rows.
 *
 * <p>Stateless; runs on the caller's connection, inside its transaction.
 */
final class RebuildKernel {
    private static final Logger LOG = LoggerFactory.getLogger(RebuildKernel.class);

    /** Rows per Arrow batch asked of DuckDB. */
    private static final int READ_BATCH_ROWS = 1 << 16;

    /** Per sensor its span of hours, and the readings' count: what the arrays are sized by. */
    private static final String SENSORS = "SELECT store_id, sensor_id, MIN(" + StoredCoverage.firstHour() + "),"
            + " MAX(" + StoredCoverage.lastHour() + "), SUM(bit_count(present))"
            + " FROM " + ReadingDays.TABLE + " GROUP BY store_id, sensor_id ORDER BY store_id, sensor_id";

    /**
     * Every sensor-day row, with what its cells need. The warehouse's connection streams results,
     * so DuckDB scans while the kernel sums, in bounded memory.
     */
    static final String READINGS = "SELECT store_id, sensor_id, epoch_day, present, failed, "
            + String.join(", ", DayTable.hourly(h -> "v" + h)) + " FROM " + ReadingDays.TABLE;

    private RebuildKernel() {}

    /**
     * Inserts every row of {@code sensor_days} and {@code store_days} computed from every reading,
     * into tables the caller emptied. The sensors' hourly cells are taken from {@code arriving}
     * when it holds exactly the readings the table does, else read from the table.
     *
     * @param connection the writer connection
     * @param arriving the cells a first load summed as it inserted its readings, or null
     * @return whether it did; when not, nothing was written and the SQL must
     * @throws SQLException when the database fails
     */
    static boolean insert(Connection connection, ArrivingCells arriving) throws SQLException {
        return insert(connection, arriving, RebuiltRows.SLICE_ROWS);
    }

    /**
     * As {@link #insert(Connection, ArrivingCells)}, handing the rows over in slices of {@code
     * sliceRows} rows (tests cut them small).
     */
    static boolean insert(Connection connection, ArrivingCells arriving, int sliceRows) throws SQLException {
        if (!ArrowStager.available() || !connection.isWrapperFor(DuckDBConnection.class)) {
            return false;
        }
        DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
        long start = System.nanoTime();
        try (BufferAllocator allocator = new RootAllocator()) {
            SensorDayCells sensors = read(duckdb, allocator, arriving);
            if (sensors == null) {
                return false;
            }
            long read = System.nanoTime();
            StoreDayCells stores = StoreDayCells.of(sensors);
            long summed = System.nanoTime();
            insert(duckdb, allocator, sensors, sliceRows);
            long inserted = System.nanoTime();
            insert(duckdb, allocator, stores, sliceRows);
            LOG.debug(
                    "Rebuild kernel: read {} readings into {} sensor-day slots in {} ms, summed {} store-day slots"
                            + " in {} ms, inserted sensor days in {} ms, store days in {} ms",
                    sensors.added(),
                    sensors.slots(),
                    (read - start) / 1_000_000,
                    stores.slots(),
                    (summed - read) / 1_000_000,
                    (inserted - summed) / 1_000_000,
                    (System.nanoTime() - inserted) / 1_000_000);
            return true;
        }
    }

    /**
     * @param arriving cells summed as the readings arrived, used when they hold exactly the table's;
     *     or null
     * @return the cells of every reading, or null when their visits are counts the cells cannot hold
     * @throws SQLException when a sensor-day has two rows
     */
    static SensorDayCells read(DuckDBConnection connection, BufferAllocator allocator, ArrivingCells arriving)
            throws SQLException {
        List<int[]> sensors = new ArrayList<>();
        List<Long> sensorCounts = new ArrayList<>();
        long count = 0;
        try (Statement statement = connection.createStatement()) {
            // One row per sensor, grouped as the coverage is.
            statement.execute(StoredCoverage.GROUP_SENSORS_IN_ARRAYS);
            try (ResultSet rs = statement.executeQuery(SENSORS)) {
                while (rs.next()) {
                    int first = rs.getInt(3);
                    int last = rs.getInt(4);
                    sensors.add(new int[] {rs.getInt(1), rs.getInt(2), first, last});
                    sensorCounts.add(rs.getLong(5));
                    count += rs.getLong(5);
                }
            }
            // Not in a finally: after a failure the transaction is aborted and takes no statement.
            // A setting left behind chooses only how DuckDB groups.
            statement.execute(StoredCoverage.GROUP_BY_HASH);
        }
        int n = sensors.size();
        int[] storeIds = new int[n];
        int[] sensorIds = new int[n];
        int[] firstHour = new int[n];
        int[] lastHour = new int[n];
        int[] firstDay = new int[n];
        int[] lastDay = new int[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            int[] sensor = sensors.get(i);
            storeIds[i] = sensor[0];
            sensorIds[i] = sensor[1];
            firstHour[i] = sensor[2];
            lastHour[i] = sensor[3];
            firstDay[i] = Math.floorDiv(sensor[2], DayTable.HOURS);
            lastDay[i] = Math.floorDiv(sensor[3], DayTable.HOURS);
            counts[i] = sensorCounts.get(i);
        }
        SensorDayCells cells;
        try {
            cells = new SensorDayCells(storeIds, sensorIds, firstDay, lastDay);
        } catch (IllegalArgumentException e) {
            LOG.info("The views are rebuilt with SQL: {}", e.getMessage());
            return null;
        }
        if (arriving != null && arriving.fill(cells, counts, firstHour, lastHour)) {
            LOG.debug("The rebuild takes the cells its load summed: {} readings", arriving.added());
        } else {
            if (arriving != null) {
                LOG.debug(
                        "The rebuild reads the readings: the cells its load summed {}",
                        arriving.isAbandoned() ? "were abandoned (" + arriving.why() + ")" : "differ from them");
            }
            add(connection, allocator, cells);
        }
        if (cells.added() != count) {
            throw new IllegalStateException("Read " + cells.added() + " readings of " + count);
        }
        if (!held(cells)) {
            return null;
        }
        cells.finish();
        return cells;
    }

    /**
     * @param cells cells every reading was added to
     * @return whether they hold them all; false when some visits are counts they cannot hold, and
     *     the views must be computed with SQL
     * @throws SQLException when a sensor-day has two rows
     */
    static boolean held(SensorDayCells cells) throws SQLException {
        if (cells.repeated() > 0) {
            // The loader writes one row per sensor-day: two are a table written by something else.
            throw new SQLException(ReadingDays.TABLE + " holds " + cells.repeated()
                    + " readings on sensor-days it has more than one row of: it was written outside sensors-sql");
        }
        if (cells.unheld() > 0) {
            LOG.warn("The views are computed with SQL: {} readings count the smallest ints as visits", cells.unheld());
            return false;
        }
        return true;
    }

    /** Adds every sensor-day row to the cells, read as Arrow batches and copied into arrays in bulk. */
    private static void add(DuckDBConnection connection, BufferAllocator allocator, SensorDayCells cells)
            throws SQLException {
        int[][] columns = new int[5 + DayTable.HOURS][READ_BATCH_ROWS];
        int[][] visits = Arrays.copyOfRange(columns, 5, columns.length);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(READINGS);
                ArrowReader reader =
                        (ArrowReader) rs.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, READ_BATCH_ROWS)) {
            VectorSchemaRoot batch = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                int rows = batch.getRowCount();
                if (rows > READ_BATCH_ROWS) {
                    throw new SQLException(
                            "DuckDB handed over " + rows + " rows, more than the " + READ_BATCH_ROWS + " asked for");
                }
                // The visits are read where a row's masks say an hour has a reading that did not
                // fail: there, and only there, they are never NULL (ReadingDays).
                for (int c = 0; c < columns.length; c++) {
                    ArrowVectors.read((IntVector) batch.getVector(c), columns[c]);
                }
                cells.addDays(columns[0], columns[1], columns[2], columns[3], columns[4], visits, rows);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot read the readings as Arrow: " + e, e);
        }
    }

    /** Inserts a table's rows, handed to DuckDB as an Arrow stream. */
    private static void insert(DuckDBConnection connection, BufferAllocator allocator, DayCells cells, int sliceRows)
            throws SQLException {
        String name = "rebuilt_" + cells.table().table();
        try (RebuiltRows rows = new RebuiltRows(allocator, cells, sliceRows);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, rows, stream);
            connection.registerArrowStream(name, stream);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + cells.table().table() + " SELECT * FROM " + name);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot hand the rebuilt " + cells.table().table() + " to DuckDB: " + e, e);
        }
    }
}
