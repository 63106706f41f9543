package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the rows of {@code sensor_days} and {@code store_days} that a maintenance's touched
 * sensor-days change, in Java instead of SQL: the touched days and the next {@code WEEKS - 1} same
 * weekdays of each, whose baselines read them. It reads the rows of {@code reading_days} those
 * baselines read (every sensor of a touched store, on the touched days and the same weekdays up to
 * {@code 7 * (WEEKS - 1)} days either side), puts them in {@link SensorDayCells} and {@link
 * StoreDayCells} a weekday at a time (a baseline reads only its own), a slot per week over each
 * store's days read, computes the wanted rows as the rebuild does ({@link KernelRows}) and replaces
 * the stored ones through DuckDB's Appender. What it holds is sized by the rows read: for an hourly
 * run, four days of each sensor; beyond a quarter of the heap, it leaves the maintenance to the SQL.
 *
 * <p>The SQL of {@code MaterializedViews}' refresh does the same with two statements per table
 * whose 25 baseline expressions DuckDB takes 20–55 ms to plan: about 100 ms of an hourly run's
 * 135–150 ms maintenance. Here the statements are short, and the arithmetic costs microseconds. It
 * reads through JDBC and writes through the Appender, not Arrow, whose start costs a fresh JVM (a
 * cron run's) more than the few thousand rows of an hour take.
 *
 * <p>Stateless; runs on the writer connection, inside the maintenance's transaction.
 */
final class RefreshKernel {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshKernel.class);

    /** Set to {@code true} to maintain the views with SQL alone (tests of that path, diagnosis). */
    static final String DISABLE_PROPERTY = "sensors.sql.refresh-kernel.disabled";

    /** Days back a baseline reads, and forward the baselines that read a day. */
    private static final int BACK = 7 * (DayTable.WEEKS - 1);

    /** The (store_id, epoch_day) pairs whose sensor-days the recomputed rows read. */
    private static final String READ = "refresh_kernel_read";

    /**
     * What a row read costs held, about: its 29 ints (116 bytes), up to three times while their
     * arrays grow and are trimmed, its slot's cells (120) and its share of its store's (about 40).
     */
    private static final int BYTES_PER_ROW = 512;

    /** Rows computed at a time, then handed to the Appender. */
    private static final int BATCH_ROWS = 4096;

    private RefreshKernel() {}

    /**
     * Recomputes the rows of both tables for a maintenance's touched sensor-days and replaces the
     * stored ones; leaves the keys of the store rows it recomputed in a new table.
     *
     * @param touched a table of the touched (store_id, sensor_id, epoch_day), each once
     * @param first the first touched day
     * @param last the last touched day
     * @param rebased the table to leave the keys of the recomputed store rows in
     * @return whether it did; when not, nothing was written and the SQL must
     * @throws SQLException when the database fails, or {@code reading_days} has a sensor-day twice
     */
    static boolean refresh(Connection connection, String touched, int first, int last, String rebased)
            throws SQLException {
        return refresh(
                connection, touched, first, last, rebased, Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_ROW);
    }

    /**
     * As {@link #refresh(Connection, String, int, int, String)}, reading at most {@code maxRows}
     * rows: beyond, it leaves the maintenance to the SQL, whose memory DuckDB bounds. A quarter of
     * the heap, as the rebuild's load keeps its cells to: about 2 M rows in a 4 GB heap, where an
     * hourly run of 4,000 sensors reads 16,000, and a week's 112,000.
     */
    static boolean refresh(Connection connection, String touched, int first, int last, String rebased, long maxRows)
            throws SQLException {
        if (Boolean.getBoolean(DISABLE_PROPERTY) || !connection.isWrapperFor(DuckDBConnection.class)) {
            return false;
        }
        DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
        long start = System.nanoTime();
        Touched days = Touched.read(duckdb, touched);
        // A baseline reads its own weekday alone: each weekday's cells are computed apart, a slot
        // per week, so that they hold the days read and few others.
        int[][][] weekdays = read(duckdb, touched, first, last, maxRows);
        if (weekdays == null) {
            LOG.debug("The views are maintained with SQL: the kernel would read more than {} rows", maxRows);
            return false;
        }
        List<SensorDayCells> sensors = new ArrayList<>();
        for (int[][] read : weekdays) {
            if (read[0].length == 0) {
                continue;
            }
            SensorDayCells cells;
            try {
                cells = cellsOf(read);
            } catch (IllegalArgumentException e) {
                LOG.info("The views are maintained with SQL: {}", e.getMessage());
                return false;
            }
            cells.addDays(
                    read[0],
                    read[1],
                    read[2],
                    read[3],
                    read[4],
                    Arrays.copyOfRange(read, 5, read.length),
                    read[0].length);
            if (!RebuildKernel.held(cells)) {
                return false;
            }
            cells.finish();
            sensors.add(cells);
        }
        List<DayCells> stores = new ArrayList<>();
        for (SensorDayCells cells : sensors) {
            stores.add(StoreDayCells.of(cells));
        }
        long computed = System.nanoTime();
        try (Statement statement = duckdb.createStatement()) {
            String sensorKeys = "refresh_kernel_" + DayTable.SENSOR_DAYS.table();
            replace(duckdb, statement, DayTable.SENSOR_DAYS, wanted(sensors, days, true), sensorKeys);
            statement.execute("DROP TABLE " + sensorKeys);
            replace(duckdb, statement, DayTable.STORE_DAYS, wanted(stores, days, false), rebased);
        }
        LOG.debug(
                "Refresh kernel: {} touched sensor-days, read {} readings in {} ms, replaced the rows in {} ms",
                days.count,
                sensors.stream().mapToLong(SensorDayCells::added).sum(),
                (computed - start) / 1_000_000,
                (System.nanoTime() - computed) / 1_000_000);
        return true;
    }

    /**
     * Reads the sensor-day rows the recomputed rows read: of every sensor of a touched store, on the
     * same weekdays as a touched day, {@link #BACK} days either side.
     *
     * @return per weekday ({@code Math.floorMod(epoch_day, 7)}), its rows' columns, as {@link
     *     RebuildKernel#READINGS} lists them; a NULL visits as 0 (the cells read visits only where
     *     the masks say an hour has a reading that did not fail); null when there are more than
     *     {@code maxRows}
     */
    private static int[][][] read(DuckDBConnection connection, String touched, int first, int last, long maxRows)
            throws SQLException {
        IntColumns[] weekdays = new IntColumns[7];
        for (int weekday = 0; weekday < 7; weekday++) {
            weekdays[weekday] = new IntColumns(5 + DayTable.HOURS);
        }
        try (Statement statement = connection.createStatement()) {
            // Listed once each, so that picking them is an equality join; the bounds on the day
            // let the scan skip every block of rows outside them.
            statement.execute("CREATE OR REPLACE TEMP TABLE " + READ + " AS SELECT DISTINCT store_id,"
                    + " epoch_day + k AS epoch_day FROM " + touched + ", (SELECT CAST(range AS INTEGER) AS k FROM"
                    + " range(" + -BACK + ", " + (BACK + 1) + ", 7)) offsets");
            try (ResultSet rs = statement.executeQuery(RebuildKernel.READINGS + " r WHERE epoch_day BETWEEN "
                    + (first - BACK) + " AND " + (last + BACK) + " AND EXISTS (SELECT 1 FROM " + READ
                    + " n WHERE n.store_id = r.store_id AND n.epoch_day = r.epoch_day)")) {
                for (long rows = 0; rs.next(); rows++) {
                    if (rows == maxRows) {
                        weekdays = null;
                        break;
                    }
                    weekdays[Math.floorMod(rs.getInt(3), 7)].add(rs);
                }
            }
            statement.execute("DROP TABLE " + READ);
        }
        if (weekdays == null) {
            return null;
        }
        int[][][] read = new int[7][][];
        for (int weekday = 0; weekday < 7; weekday++) {
            read[weekday] = weekdays[weekday].trimmed();
        }
        return read;
    }

    /**
     * @param read rows of one weekday
     * @return empty cells for them, a slot per week: a series per sensor read, in key order, each
     *     over its store's days from the first read to the last, so that a store's sensors line up
     *     as {@link StoreDayCells} sums them
     * @throws IllegalArgumentException when the hourly cells of that many days would not fit an array
     */
    private static SensorDayCells cellsOf(int[][] read) {
        int count = read[0].length;
        long[] keys = new long[count];
        for (int row = 0; row < count; row++) {
            keys[row] = seriesKey(read[0][row], read[1][row]);
        }
        Arrays.sort(keys);
        int series = 0;
        for (int row = 0; row < count; row++) {
            if (row == 0 || keys[row] != keys[row - 1]) {
                keys[series++] = keys[row];
            }
        }
        keys = Arrays.copyOf(keys, series);
        int[] storeIds = new int[series];
        int[] sensorIds = new int[series];
        for (int i = 0; i < series; i++) {
            storeIds[i] = (int) (keys[i] >> 32);
            sensorIds[i] = (int) keys[i] ^ Integer.MIN_VALUE;
        }
        int[] firstDay = new int[series];
        int[] lastDay = new int[series];
        Arrays.fill(firstDay, Integer.MAX_VALUE);
        Arrays.fill(lastDay, Integer.MIN_VALUE);
        for (int row = 0; row < count; row++) {
            int at = Arrays.binarySearch(keys, seriesKey(read[0][row], read[1][row]));
            firstDay[at] = Math.min(firstDay[at], read[2][row]);
            lastDay[at] = Math.max(lastDay[at], read[2][row]);
        }
        // A store's span, given to each of its sensors.
        for (int from = 0, to; from < series; from = to) {
            int first = firstDay[from];
            int last = lastDay[from];
            for (to = from + 1; to < series && storeIds[to] == storeIds[from]; to++) {
                first = Math.min(first, firstDay[to]);
                last = Math.max(last, lastDay[to]);
            }
            Arrays.fill(firstDay, from, to, first);
            Arrays.fill(lastDay, from, to, last);
        }
        return new SensorDayCells(storeIds, sensorIds, firstDay, lastDay, 7);
    }

    /** A sensor's key, ordered as (store_id, sensor_id) are: the sensor's sign bit flipped. */
    private static long seriesKey(int storeId, int sensorId) {
        return (long) storeId << 32 | ((sensorId ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL);
    }

    /**
     * @param cells cells of a table, each of one weekday
     * @param sensors whether they are the sensors' (else the stores')
     * @return the rows of the cells wanted: per slot, whether it is a touched day or one of the
     *     next weeks'
     */
    private static List<KernelPass> wanted(List<? extends DayCells> cells, Touched days, boolean sensors) {
        List<KernelPass> passes = new ArrayList<>();
        for (DayCells weekday : cells) {
            long[] keys = new long[weekday.seriesCount()];
            for (int series = 0; series < keys.length; series++) {
                keys[series] =
                        sensors ? seriesKey(weekday.key(0, series), weekday.key(1, series)) : weekday.key(0, series);
            }
            boolean[] wanted = new boolean[weekday.slots()];
            int dayOfWeek = Math.floorMod(weekday.day(0, weekday.firstSlot(0)), 7);
            for (int i = 0; i < days.count; i++) {
                if (Math.floorMod(days.epochDays[i], 7) != dayOfWeek) {
                    continue;
                }
                long key = sensors ? seriesKey(days.storeIds[i], days.sensorIds[i]) : days.storeIds[i];
                int series = Arrays.binarySearch(keys, key);
                if (series < 0) {
                    // A touched day without a row: nothing to recompute.
                    continue;
                }
                int slots = weekday.firstSlot(series + 1) - weekday.firstSlot(series);
                for (int week = 0; week < DayTable.WEEKS; week++) {
                    int slot = (days.epochDays[i] - weekday.firstDay(series)) / 7 + week;
                    if (slot >= 0 && slot < slots) {
                        wanted[weekday.firstSlot(series) + slot] = true;
                    }
                }
            }
            passes.add(new KernelPass(weekday, wanted));
        }
        return passes;
    }

    /** The wanted rows of some cells: computed anew by each {@link #rows()}. */
    private record KernelPass(DayCells cells, boolean[] wanted) {
        KernelRows rows() {
            return new KernelRows(cells, wanted);
        }
    }

    /**
     * Replaces a table's stored rows with those computed, in two passes over the cells (computing
     * a row costs far less than moving it): the computed rows' keys are appended to a new
     * temporary table, the stored rows of those keys deleted, and the rows appended to the table.
     *
     * @param passes the rows, each computed twice
     * @param keys the temporary table to leave the rows' keys in
     */
    private static void replace(
            DuckDBConnection connection, Statement statement, DayTable table, List<KernelPass> passes, String keys)
            throws SQLException {
        List<String> key = table.keys();
        statement.execute("CREATE OR REPLACE TEMP TABLE " + keys + " AS SELECT " + String.join(", ", key) + " FROM "
                + table.table() + " LIMIT 0");
        RowSlice slice = new RowSlice(table, BATCH_ROWS);
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        int day = key.size() - 1;
        try (DuckDBAppender appender = connection.createAppender("temp", "main", keys)) {
            for (KernelPass pass : passes) {
                KernelRows rows = pass.rows();
                for (int count; (count = rows.fill(slice)) > 0; ) {
                    for (int row = 0; row < count; row++) {
                        appender.beginRow();
                        for (int column = 0; column < key.size(); column++) {
                            appender.append((int) slice.values[column][row]);
                        }
                        appender.endRow();
                        first = Math.min(first, (int) slice.values[day][row]);
                        last = Math.max(last, (int) slice.values[day][row]);
                    }
                }
            }
        }
        if (first > last) {
            return;
        }
        statement.execute("DELETE FROM " + table.table() + " k USING " + keys + " b WHERE k.epoch_day BETWEEN " + first
                + " AND " + last + " AND " + DayTable.equal(key, "k", "b"));
        boolean[] wide = new boolean[slice.width()];
        for (int column = 0; column < wide.length; column++) {
            wide[column] = DayTable.isBigint(table.columns().get(column));
        }
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.table())) {
            for (KernelPass pass : passes) {
                KernelRows rows = pass.rows();
                for (int count; (count = rows.fill(slice)) > 0; ) {
                    for (int row = 0; row < count; row++) {
                        appender.beginRow();
                        for (int column = 0; column < wide.length; column++) {
                            long value = slice.values[column][row];
                            if (!slice.isValid(column, row)) {
                                appender.appendNull();
                            } else if (wide[column]) {
                                appender.append(value);
                            } else {
                                appender.append((int) value);
                            }
                        }
                        appender.endRow();
                    }
                }
            }
        }
    }

    /** The touched sensor-days. */
    private static final class Touched {
        final int count;
        final int[] storeIds;
        final int[] sensorIds;
        final int[] epochDays;

        private Touched(int[][] columns) {
            storeIds = columns[0];
            sensorIds = columns[1];
            epochDays = columns[2];
            count = storeIds.length;
        }

        static Touched read(DuckDBConnection connection, String touched) throws SQLException {
            IntColumns days = new IntColumns(3);
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT store_id, sensor_id, epoch_day FROM " + touched)) {
                while (rs.next()) {
                    days.add(rs);
                }
            }
            return new Touched(days.trimmed());
        }
    }

    /** Rows of ints, column by column, growing as rows are added. */
    private static final class IntColumns {
        private int[][] columns;
        private int rows;

        IntColumns(int width) {
            columns = new int[width][64];
        }

        /** Adds a row of a result set's ints: its first columns, as many as these have. */
        void add(ResultSet rs) throws SQLException {
            if (rows == columns[0].length) {
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = Arrays.copyOf(columns[c], rows * 2);
                }
            }
            for (int c = 0; c < columns.length; c++) {
                columns[c][rows] = rs.getInt(c + 1);
            }
            rows++;
        }

        int[][] trimmed() {
            int[][] trimmed = new int[columns.length][];
            for (int c = 0; c < columns.length; c++) {
                trimmed[c] = Arrays.copyOf(columns[c], rows);
            }
            return trimmed;
        }
    }
}
