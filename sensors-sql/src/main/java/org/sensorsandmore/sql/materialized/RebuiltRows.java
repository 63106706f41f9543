package org.sensorsandmore.sql.materialized;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.sensorsandmore.sql.storage.ArrowVectors;

/**
 * The rows of a {@link DayTable}, baselines included, computed from its {@link DayCells} a slice
 * at a time as DuckDB reads them: an Arrow stream of the table's {@link DayTable#columns()}, in key
 * order, a row per day with a reading. It computes what {@link DayTable#withBaselines} computes:
 * each baseline sums the packed cells of its day and of the same weekday 7, 14 and 21 days before
 * ({@link DayTable#WEEKS} in all), seven slots apart in the series' arrays; a day's packed cells
 * are computed once, as its slot is passed, and kept in a ring of the last four weeks.
 *
 * <p>DuckDB asks for slices from its threads, one at a time; each slice's buffers are fresh, and
 * stay with DuckDB until it has read them (as in {@code ArrowStager}). Not thread-safe otherwise.
 */
final class RebuiltRows extends ArrowReader {
    /**
     * Rows per slice: a multiple of 64, so a slice's validity is whole words, and few enough that
     * a slice's columns stay in the processor's cache until they are copied into vectors.
     */
    static final int SLICE_ROWS = 1 << 12;

    private static final int HOURS = DayTable.HOURS;
    private static final int WEEKS = DayTable.WEEKS;

    /** The days a baseline reads back, and those after it: the ring holds each one's shares. */
    private static final int RING_DAYS = 7 * WEEKS;

    private final DayCells cells;
    private final int width;
    private final FieldVector[] vectors;
    private final VectorSchemaRoot root;

    /** A slice, column by column, and the validity of each value ({@link ArrowVectors}' layout). */
    private final long[][] values;

    private final long[][] valid;
    private final int sliceRows;
    private final int[] narrow;

    /**
     * The packed shares (of the 24 hours and of the day) of the last {@link #RING_DAYS} days of the
     * series being written: each is computed once, and a baseline adds {@link DayTable#WEEKS} of them.
     */
    private final long[] shares = new long[RING_DAYS * (HOURS + 1)];

    /** Where the shares of the current slot's day and of its same weekdays before start in the ring. */
    private final int[] weekAt = new int[WEEKS];

    private final Row row = new Row();

    /** The next slot to write, and its series. */
    private int series;

    private int slot;
    private boolean closed;

    RebuiltRows(BufferAllocator allocator, DayCells cells) {
        this(allocator, cells, SLICE_ROWS);
    }

    /** @param sliceRows rows per slice: a positive multiple of 64 (tests cut slices small) */
    RebuiltRows(BufferAllocator allocator, DayCells cells, int sliceRows) {
        super(allocator);
        if (sliceRows <= 0 || sliceRows % 64 != 0) {
            throw new IllegalArgumentException("Rows per slice must be a positive multiple of 64: " + sliceRows);
        }
        this.cells = cells;
        this.sliceRows = sliceRows;
        this.narrow = new int[sliceRows];
        List<String> columns = cells.table().columns();
        this.width = columns.size();
        this.vectors = new FieldVector[width];
        for (int column = 0; column < width; column++) {
            String name = columns.get(column);
            vectors[column] =
                    DayTable.isBigint(name) ? new BigIntVector(name, allocator) : new IntVector(name, allocator);
        }
        this.root = new VectorSchemaRoot(new ArrayList<>(List.of(vectors)));
        this.values = new long[width][sliceRows];
        this.valid = new long[width][sliceRows / 64];
    }

    /**
     * Where a row's values go, column after column in {@link DayTable#columns()} order: the cells
     * put their table's own columns through it.
     */
    final class Row {
        private int index;
        private int column;

        void put(long value) {
            values[column][index] = value;
            column++;
        }

        void putNull() {
            // Every value starts valid: nulls are few, so a put is one store.
            valid[column][index >>> 6] &= ~(1L << index);
            column++;
        }
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return root;
    }

    @Override
    public boolean loadNextBatch() {
        int count = 0;
        for (long[] words : valid) {
            Arrays.fill(words, -1L);
        }
        while (count < sliceRows && series < cells.seriesCount()) {
            int end = cells.firstSlot(series + 1);
            if (slot == cells.firstSlot(series)) {
                Arrays.fill(shares, 0);
            }
            for (; slot < end && count < sliceRows; slot++) {
                // Every day's shares, those without a row too: they replace the shares of four weeks before.
                share(ringAt(slot));
                if (cells.exists(slot)) {
                    write(count++);
                }
            }
            if (slot == end) {
                series++;
            }
        }
        if (count == 0) {
            return false;
        }
        for (int column = 0; column < width; column++) {
            if (vectors[column] instanceof BigIntVector wide) {
                ArrowVectors.fill(wide, values[column], 0, count);
            } else {
                long[] from = values[column];
                for (int i = 0; i < count; i++) {
                    narrow[i] = (int) from[i];
                }
                ArrowVectors.fill((IntVector) vectors[column], narrow, 0, count);
            }
            ArrowVectors.validity((BaseFixedWidthVector) vectors[column], valid[column], 0, count);
        }
        root.setRowCount(count);
        return true;
    }

    /**
     * Packs the current slot's shares of the baselines that read it into the ring, where {@link
     * #write} sums them.
     */
    private void share(int at) {
        for (int hour = 0; hour < HOURS; hour++) {
            int readings = cells.readings(slot, hour);
            long share = 0;
            if (readings > 0) {
                share = readings > cells.failed(slot, hour)
                        ? DayTable.packed(cells.visits(slot, hour), 1, 1)
                        : DayTable.packed(0, 0, 1);
            }
            shares[at + hour] = share;
        }
        long day = 0;
        if (cells.exists(slot)) {
            day = cells.dayReadings[slot] > cells.dayFailed[slot]
                    ? DayTable.packed(cells.dayVisits[slot], 1, 1)
                    : DayTable.packed(0, 0, 1);
        }
        shares[at + HOURS] = day;
    }

    /** Writes the row of the current slot as row {@code index} of the slice. */
    private void write(int index) {
        row.index = index;
        row.column = 0;
        for (int column = 0; column < cells.table().series().size(); column++) {
            row.put(cells.key(column, series));
        }
        row.put(cells.firstDay(series) + slot - cells.firstSlot(series));
        for (int hour = 0; hour < HOURS; hour++) {
            if (cells.readings(slot, hour) > cells.failed(slot, hour)) {
                row.put(cells.visits(slot, hour));
            } else {
                row.putNull();
            }
        }
        cells.putCounts(slot, row);
        if (cells.dayReadings[slot] > cells.dayFailed[slot]) {
            row.put(cells.dayVisits[slot]);
        } else {
            row.putNull();
        }
        row.put(cells.dayReadings[slot]);
        row.put(cells.dayFailed[slot]);
        // The packed sums are sums of each day's packed shares; a day before the series' first is
        // an entry of the ring cleared when the series began.
        for (int week = 0; week < WEEKS; week++) {
            weekAt[week] = ringAt(slot - 7 * week);
        }
        for (int cell = 0; cell <= HOURS; cell++) {
            long sum = 0;
            for (int week = 0; week < WEEKS; week++) {
                sum += shares[weekAt[week] + cell];
            }
            row.put(sum);
        }
        if (row.column != width) {
            throw new IllegalStateException("Wrote " + row.column + " values for the " + width + " columns of "
                    + cells.table().table());
        }
    }

    /** @return where a slot's shares start in the ring */
    private static int ringAt(int slot) {
        return Math.floorMod(slot, RING_DAYS) * (HOURS + 1);
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }

    @Override
    protected Schema readSchema() {
        return root.getSchema();
    }
}
