package org.sensorsandmore.sql.materialized;

import java.util.Arrays;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;

/**
 * The hourly cells of a first load, summed as its readings are gathered, so that the rebuild at its
 * end ({@link RebuildKernel}) need not read them back out of the database (about 0.55 s of a first
 * catch-up of a 400 × 10 fleet's year from its sensor-day rows, 1.3 to 1.8 s from the readings of
 * schema 9; 0.27 to 0.4 s with these).
 *
 * <p>It holds one number per hour and sensor, as {@link SensorDayCells} does, but hour by hour: a
 * row per hour, a column per sensor in the order the sensors first came. Readings arrive hour by
 * hour, so each lands next to the previous one; held sensor by sensor, as the rebuild wants them,
 * each would land in another sensor's array, one cache miss per reading (0.4 to 1.1 s more of a
 * first catch-up's chunks, measured). The rebuild turns the rows into its sensors' arrays a block of hours at a time.
 *
 * <p>It is only a shortcut: the rebuild uses it when its per-sensor spans and counts of readings
 * are exactly those of the table, and reads the table otherwise. It stops taking readings for
 * good ({@link #abandon}) when the load writes in any other way than adding new readings (a merge
 * with stored hours, a correction, a key given twice), when a reading comes before the load's first
 * hour, or when it would outgrow
 * its share of the heap; the warehouse drops it when a transaction rolls back.
 *
 * <p>Not thread-safe: the writer's loaders feed it one at a time, under the warehouse's lock.
 */
public final class ArrivingCells {
    private static final int HOURS = DayTable.HOURS;

    /**
     * Past the store and sensor ids it indexes directly (the warehouse numbers its stores from 1):
     * an id at or above it abandons the cells.
     */
    private static final int MAX_ID = 1 << 20;

    /** Hours per block the rebuild turns into its sensors' arrays: a block's rows stay in cache. */
    private static final int BLOCK_HOURS = 64;

    /** Per store id, per sensor id, its column + 1 (0: none yet). */
    private int[][] columnOf = new int[0][];

    /** Per column: its first and last hour, and its readings. */
    private int[] firstHour = new int[0];

    private int[] lastHour = new int[0];
    private long[] count = new long[0];
    private int columns;

    /** Per hour from {@link #baseHour}: per column, the number {@link SensorDayCells} holds; null without readings. */
    private int[][] rows = new int[0][];

    private int baseHour;
    private final long budgetInts;
    private long heldInts;
    private long added;
    private long repeated;
    private boolean abandoned;
    private boolean filled;
    private String why;

    /** @param budgetBytes the most its rows may hold; past it, it abandons */
    ArrivingCells(long budgetBytes) {
        this.budgetInts = budgetBytes / Integer.BYTES;
    }

    /** @return cells that may hold a quarter of the heap the JVM may use */
    public static ArrivingCells withinHeap() {
        return new ArrivingCells(Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Adds a batch of readings new to the database.
     *
     * @param storeIdOf the store id of each of the batch's store indexes
     */
    public void add(ReadingBatch batch, int[] storeIdOf) {
        // A batch holds hours one after the other, each store's sensors together: the store's
        // columns and the hour's row are looked up when they change, not per reading.
        int store = -1;
        int[] sensors = null;
        int rowHour = 0;
        int[] row = null;
        for (int i = 0, n = batch.size(); i < n && !abandoned; i++) {
            int storeIndex = batch.storeIndex(i);
            if (storeIndex != store) {
                sensors = sensorsOf(storeIdOf[storeIndex]);
                if (sensors == null) {
                    return;
                }
                store = storeIndex;
            }
            int sensorId = batch.sensorId(i);
            int column = sensorId >= 0 && sensorId < sensors.length ? sensors[sensorId] - 1 : -1;
            if (column < 0) {
                column = newColumn(storeIdOf[storeIndex], sensorId);
                if (column < 0) {
                    return;
                }
                sensors = columnOf[storeIdOf[storeIndex]];
            }
            int hour = batch.epochHour(i);
            if (row == null || hour != rowHour || column >= row.length) {
                if (added == 0) {
                    baseHour = hour;
                }
                long at = (long) hour - baseHour;
                if (at < 0) {
                    abandon("a reading came before the load's first hour");
                    return;
                }
                row = row((int) Math.min(at, Integer.MAX_VALUE), column);
                if (row == null) {
                    return;
                }
                rowHour = hour;
            }
            int number;
            if (batch.isOk(i)) {
                number = SensorDayCells.held(batch.visits(i));
                if (number == SensorDayCells.ABSENT || number == SensorDayCells.FAILED) {
                    abandon("visits the cells cannot hold");
                    return;
                }
            } else {
                number = batch.status(i) == ReadingStatus.FAILED ? SensorDayCells.FAILED : SensorDayCells.held(0);
            }
            if (row[column] != SensorDayCells.ABSENT) {
                repeated++;
            }
            row[column] = number;
            firstHour[column] = Math.min(firstHour[column], hour);
            lastHour[column] = Math.max(lastHour[column], hour);
            count[column]++;
            added++;
        }
    }

    /**
     * Stops taking readings, and frees the cells: the rebuild will read the readings.
     *
     * @param reason why, for the log
     */
    public void abandon(String reason) {
        if (!abandoned) {
            abandoned = true;
            why = reason;
            columnOf = new int[0][];
            rows = new int[0][];
        }
    }

    /** @return whether it stopped taking readings ({@link #abandon}) */
    public boolean isAbandoned() {
        return abandoned;
    }

    /** @return why it was abandoned, or null */
    String why() {
        return why;
    }

    /** @return whether a rebuild took its cells ({@link #fill}) */
    boolean filled() {
        return filled;
    }

    /** @return the readings added */
    long added() {
        return added;
    }

    /**
     * Fills cells of the same sensors, listed from the readings table, when every sensor's span and
     * count of readings are those it holds; then frees its own, once for all.
     *
     * @param cells cells listed from the table, empty
     * @param counts per series of {@code cells}, the table's readings
     * @param firstHours per series, the table's first hour
     * @param lastHours per series, the table's last hour
     * @return whether it filled them; when not, nothing was written into them
     */
    boolean fill(SensorDayCells cells, long[] counts, int[] firstHours, int[] lastHours) {
        int series = cells.seriesCount();
        if (abandoned || repeated > 0 || series != columns) {
            return false;
        }
        int[] column = new int[series];
        for (int s = 0; s < series; s++) {
            int storeId = cells.key(0, s);
            int sensorId = cells.key(1, s);
            int[] sensors = storeId >= 0 && storeId < columnOf.length ? columnOf[storeId] : null;
            int own = sensors != null && sensorId >= 0 && sensorId < sensors.length ? sensors[sensorId] - 1 : -1;
            if (own < 0
                    || count[own] != counts[s]
                    || firstHour[own] != firstHours[s]
                    || lastHour[own] != lastHours[s]) {
                return false;
            }
            column[s] = own;
        }
        // Where hour h of series s goes: the series' slots start at its first day.
        int[] held = cells.heldHours();
        long[] offset = new long[series];
        for (int s = 0; s < series; s++) {
            offset[s] = (long) cells.firstSlot(s) * HOURS - (long) cells.firstDay(s) * HOURS + baseHour;
        }
        for (int block = 0; block < rows.length; block += BLOCK_HOURS) {
            int end = Math.min(rows.length, block + BLOCK_HOURS);
            for (int s = 0; s < series; s++) {
                int own = column[s];
                int from = Math.max(block, firstHour[own] - baseHour);
                int to = Math.min(end, lastHour[own] - baseHour + 1);
                for (int at = from; at < to; at++) {
                    int[] row = rows[at];
                    if (row != null && own < row.length) {
                        held[(int) (offset[s] + at)] = row[own];
                    }
                }
            }
        }
        cells.addedElsewhere(added);
        filled = true;
        // Taken: a later rebuild reads the readings (it may follow other writes).
        abandon("a rebuild took them");
        return true;
    }

    /** @return a store's columns by sensor id (0: none yet); null when that abandoned the cells */
    private int[] sensorsOf(int storeId) {
        if (storeId < 0 || storeId >= MAX_ID) {
            abandon("store ids past what the cells index");
            return null;
        }
        if (storeId >= columnOf.length) {
            columnOf = Arrays.copyOf(columnOf, Math.max(storeId + 1, columnOf.length * 2));
        }
        if (columnOf[storeId] == null) {
            columnOf[storeId] = new int[16];
        }
        return columnOf[storeId];
    }

    /** @return the column of a sensor new to the cells; -1 when that abandoned them */
    private int newColumn(int storeId, int sensorId) {
        if (sensorId < 0 || sensorId >= MAX_ID) {
            abandon("sensor ids past what the cells index");
            return -1;
        }
        int[] sensors = columnOf[storeId];
        if (sensorId >= sensors.length) {
            sensors = Arrays.copyOf(sensors, Math.max(sensorId + 1, sensors.length * 2));
            columnOf[storeId] = sensors;
        }
        if (columns == firstHour.length) {
            int size = Math.max(64, columns * 2);
            firstHour = Arrays.copyOf(firstHour, size);
            lastHour = Arrays.copyOf(lastHour, size);
            count = Arrays.copyOf(count, size);
        }
        firstHour[columns] = Integer.MAX_VALUE;
        lastHour[columns] = Integer.MIN_VALUE;
        sensors[sensorId] = ++columns;
        return columns - 1;
    }

    /**
     * @return the row of an hour, made or widened to hold a column; null when that outgrew the
     *     budget, which abandoned the cells
     */
    private int[] row(int at, int column) {
        if (at >= rows.length) {
            long size = Math.min(Integer.MAX_VALUE - 8, Math.max(at + 1L, 2L * rows.length));
            // A row's reference counts as an int (compressed), so that a sparse load is bounded too.
            if (at >= Integer.MAX_VALUE - 8 || heldInts + size - rows.length > budgetInts) {
                abandon("the cells outgrew their share of the heap");
                return null;
            }
            heldInts += size - rows.length;
            rows = Arrays.copyOf(rows, (int) size);
        }
        int[] row = rows[at];
        if (row == null || column >= row.length) {
            int length = row == null ? 0 : row.length;
            int size = Math.max(columns, Math.max(column + 1, 2 * length));
            if (heldInts + size - length > budgetInts) {
                abandon("the cells outgrew their share of the heap");
                return null;
            }
            heldInts += size - length;
            row = row == null ? new int[size] : Arrays.copyOf(row, size);
            rows[at] = row;
        }
        return row;
    }
}
