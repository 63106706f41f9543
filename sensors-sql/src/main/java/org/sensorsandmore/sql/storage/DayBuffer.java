package org.sensorsandmore.sql.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBAppender;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;

/**
 * One ingest's readings as rows of {@link ReadingDays#TABLE}, gathered in arrays until the loader
 * writes them: a reading sets its hour of its sensor-day's row, and a later reading of the same key
 * replaces it (the last one given wins, as the loader promises).
 *
 * <p>Readings come hour by hour, every sensor of an hour after the other: the rows of one day are
 * made one after the other as its first hour arrives, so a day's readings land in a few hundred
 * kilobytes of rows, and each sensor remembers its last row, so a lookup is an array access while
 * its day lasts. Not thread-safe.
 */
final class DayBuffer {
    private static final int HOURS = ReadingDays.HOURS;

    /** Store and sensor ids below these are looked up in arrays, others in {@link #seriesIndex}. */
    private static final int DENSE_STORES = 1 << 16;

    private static final int DENSE_SENSORS = 1 << 10;

    /** Per store id, per sensor id, its series + 1 (0: none yet). */
    private int[][] denseSeries = new int[0][];

    /** Open addressing from (store_id, sensor_id) to series + 1, for ids past the dense arrays. */
    private final LongIntMap seriesIndex = new LongIntMap();

    /** Open addressing from (series, epoch_day) to row + 1. */
    private final LongIntMap rowIndex = new LongIntMap();

    /** Per series: its ids, and its last row and that row's day. */
    private int[] seriesStore = new int[64];

    private int[] seriesSensor = new int[64];
    private int[] lastRow = new int[64];
    private int[] lastDay = new int[64];
    private int seriesCount;

    /** Per row: its series and day; its hours' visits; its masks. */
    private int[] rowSeries = new int[1024];

    private int[] rowDay = new int[1024];
    private int[] visits = new int[1024 * HOURS];
    private int[] present = new int[1024];
    private int[] failed = new int[1024];
    private int[] closed = new int[1024];
    private int[] anomalous = new int[1024];
    private int rows;
    private long repeated;

    /**
     * Sets each reading's hour in its row.
     *
     * @param batch the readings
     * @param ids the store id of each of the batch's store indexes
     */
    void add(ReadingBatch batch, int[] ids) {
        int store = -1;
        int storeId = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
            if (batch.storeIndex(i) != store) {
                store = batch.storeIndex(i);
                storeId = ids[store];
            }
            int series = series(storeId, batch.sensorId(i));
            int epochHour = batch.epochHour(i);
            int day = Math.floorDiv(epochHour, HOURS);
            int row = lastDay[series] == day && lastRow[series] >= 0 ? lastRow[series] : row(series, day);
            int bit = 1 << (epochHour - day * HOURS);
            if ((present[row] & bit) != 0) {
                repeated++;
            }
            present[row] |= bit;
            ReadingStatus status = batch.status(i);
            failed[row] = status == ReadingStatus.FAILED ? failed[row] | bit : failed[row] & ~bit;
            closed[row] = status == ReadingStatus.NOT_OPEN ? closed[row] | bit : closed[row] & ~bit;
            anomalous[row] = batch.anomaly(i) ? anomalous[row] | bit : anomalous[row] & ~bit;
            visits[row * HOURS + epochHour - day * HOURS] = status == ReadingStatus.FAILED ? 0 : batch.visits(i);
        }
    }

    /** @return the series of a sensor, made on its first reading */
    private int series(int storeId, int sensorId) {
        boolean dense = storeId >= 0 && storeId < DENSE_STORES && sensorId >= 0 && sensorId < DENSE_SENSORS;
        if (dense) {
            int[] sensors = storeId < denseSeries.length ? denseSeries[storeId] : null;
            if (sensors != null && sensorId < sensors.length && sensors[sensorId] != 0) {
                return sensors[sensorId] - 1;
            }
        } else {
            int known = seriesIndex.get(key(storeId, sensorId));
            if (known != 0) {
                return known - 1;
            }
        }
        int series = seriesCount++;
        if (series == seriesStore.length) {
            int size = series * 2;
            seriesStore = Arrays.copyOf(seriesStore, size);
            seriesSensor = Arrays.copyOf(seriesSensor, size);
            lastRow = Arrays.copyOf(lastRow, size);
            lastDay = Arrays.copyOf(lastDay, size);
        }
        seriesStore[series] = storeId;
        seriesSensor[series] = sensorId;
        lastRow[series] = -1;
        if (dense) {
            if (storeId >= denseSeries.length) {
                denseSeries = Arrays.copyOf(denseSeries, Math.max(storeId + 1, denseSeries.length * 2));
            }
            int[] sensors = denseSeries[storeId];
            if (sensors == null || sensorId >= sensors.length) {
                int size = Math.max(sensorId + 1, sensors == null ? 16 : sensors.length * 2);
                denseSeries[storeId] = sensors = sensors == null ? new int[size] : Arrays.copyOf(sensors, size);
            }
            sensors[sensorId] = series + 1;
        } else {
            seriesIndex.put(key(storeId, sensorId), series + 1);
        }
        return series;
    }

    /** @return the row of a series' day, made when it has none; remembered as the series' last */
    private int row(int series, int day) {
        long key = key(series, day);
        int row = rowIndex.get(key) - 1;
        if (row < 0) {
            row = rows++;
            if (row == rowSeries.length) {
                int size = row * 2;
                rowSeries = Arrays.copyOf(rowSeries, size);
                rowDay = Arrays.copyOf(rowDay, size);
                visits = Arrays.copyOf(visits, size * HOURS);
                present = Arrays.copyOf(present, size);
                failed = Arrays.copyOf(failed, size);
                closed = Arrays.copyOf(closed, size);
                anomalous = Arrays.copyOf(anomalous, size);
            }
            rowSeries[row] = series;
            rowDay[row] = day;
            Arrays.fill(visits, row * HOURS, row * HOURS + HOURS, 0);
            present[row] = 0;
            failed[row] = 0;
            closed[row] = 0;
            anomalous[row] = 0;
            rowIndex.put(key, row + 1);
        }
        lastRow[series] = row;
        lastDay[series] = day;
        return row;
    }

    private static long key(int high, int low) {
        return ((long) high << 32) | (low & 0xFFFF_FFFFL);
    }

    /** @return the rows gathered */
    int rows() {
        return rows;
    }

    /** @return the readings given for a key this buffer already held */
    long repeated() {
        return repeated;
    }

    int storeId(int row) {
        return seriesStore[rowSeries[row]];
    }

    int day(int row) {
        return rowDay[row];
    }

    /** @return the hours of a row with a reading */
    int present(int row) {
        return present[row];
    }

    /** Forgets every row (the readings written); the sensors stay known. */
    void clear() {
        rows = 0;
        rowIndex.clear();
        Arrays.fill(lastRow, 0, seriesCount, -1);
    }

    /**
     * Appends rows through DuckDB's Appender, in the table's columns.
     *
     * @param selected the rows, by index
     * @param count how many of {@code selected}
     */
    void append(DuckDBAppender appender, int[] selected, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            int row = selected[i];
            appender.beginRow();
            appender.append(seriesStore[rowSeries[row]]);
            appender.append(seriesSensor[rowSeries[row]]);
            appender.append(rowDay[row]);
            for (int h = 0; h < HOURS; h++) {
                if (((present[row] & ~failed[row]) >>> h & 1) != 0) {
                    appender.append(visits[row * HOURS + h]);
                } else {
                    appender.appendNull();
                }
            }
            appender.append(present[row]);
            appender.append(failed[row]);
            appender.append(closed[row]);
            appender.append(anomalous[row]);
            appender.endRow();
        }
    }

    /**
     * @param selected the rows, by index
     * @param count how many of {@code selected}
     * @return the rows as an Arrow stream in the table's columns, slices of {@code sliceRows}
     */
    ArrowReader reader(BufferAllocator allocator, int[] selected, int count, int sliceRows) {
        return new Rows(allocator, selected, count, sliceRows);
    }

    /**
     * The selected rows, a slice at a time in freshly allocated vectors: the buffers of the slice
     * before stay with DuckDB, which releases them when it has read them.
     */
    private final class Rows extends ArrowReader {
        private final int[] selected;
        private final int count;
        private final int sliceRows;
        private final IntVector[] vectors;
        private final VectorSchemaRoot root;
        private final int[][] values;
        private final long[][] valid;
        private int next;
        private boolean released;

        Rows(BufferAllocator allocator, int[] selected, int count, int sliceRows) {
            super(allocator);
            this.selected = selected;
            this.count = count;
            this.sliceRows = sliceRows;
            List<String> columns = ReadingDays.columns();
            vectors = new IntVector[columns.size()];
            for (int c = 0; c < vectors.length; c++) {
                vectors[c] = new IntVector(columns.get(c), allocator);
            }
            root = new VectorSchemaRoot(new ArrayList<FieldVector>(List.of(vectors)));
            values = new int[vectors.length][sliceRows];
            valid = new long[HOURS][(sliceRows + 63) / 64];
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() {
            return root;
        }

        @Override
        public boolean loadNextBatch() {
            if (next >= count) {
                return false;
            }
            int n = Math.min(sliceRows, count - next);
            for (long[] words : valid) {
                Arrays.fill(words, 0);
            }
            for (int i = 0; i < n; i++) {
                int row = selected[next + i];
                values[0][i] = seriesStore[rowSeries[row]];
                values[1][i] = seriesSensor[rowSeries[row]];
                values[2][i] = rowDay[row];
                int counted = present[row] & ~failed[row];
                for (int h = 0; h < HOURS; h++) {
                    values[3 + h][i] = visits[row * HOURS + h];
                    valid[h][i >>> 6] |= (long) (counted >>> h & 1) << i;
                }
                values[3 + HOURS][i] = present[row];
                values[4 + HOURS][i] = failed[row];
                values[5 + HOURS][i] = closed[row];
                values[6 + HOURS][i] = anomalous[row];
            }
            for (int c = 0; c < vectors.length; c++) {
                ArrowVectors.fill(vectors[c], values[c], 0, n);
                if (c >= 3 && c < 3 + HOURS) {
                    ArrowVectors.validity(vectors[c], valid[c - 3], 0, n);
                } else {
                    ArrowVectors.allValid(vectors[c], n);
                }
            }
            root.setRowCount(n);
            next += n;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
            if (!released) {
                released = true;
                root.close();
            }
        }

        @Override
        protected Schema readSchema() {
            return root.getSchema();
        }
    }

    /** Open addressing from long keys to positive ints; 0 is "absent". */
    private static final class LongIntMap {
        private long[] keys = new long[1024];
        private int[] values = new int[1024];
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int at = slot(key, mask); ; at = (at + 1) & mask) {
                if (values[at] == 0) {
                    return 0;
                }
                if (keys[at] == key) {
                    return values[at];
                }
            }
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int at = slot(key, mask);
            while (values[at] != 0 && keys[at] != key) {
                at = (at + 1) & mask;
            }
            if (values[at] == 0) {
                size++;
            }
            keys[at] = key;
            values[at] = value;
        }

        void clear() {
            Arrays.fill(values, 0);
            size = 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != 0) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int slot(long key, int mask) {
            // A multiplicative hash: consecutive sensors and days spread over the table.
            return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 32) & mask;
        }
    }
}
