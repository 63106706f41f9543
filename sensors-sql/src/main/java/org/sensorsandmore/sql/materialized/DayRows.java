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
 * ({@link DayTable#WEEKS} in all), seven slots apart in the series' arrays.
 *
 * <p>DuckDB asks for slices from its threads, one at a time; each slice's buffers are fresh, and
 * stay with DuckDB until it has read them (as in {@code ArrowStager}). Not thread-safe otherwise.
 */
final class DayRows extends ArrowReader {
    /** Rows per slice: a multiple of 64, so a slice's validity is whole words. */
    static final int SLICE_ROWS = 1 << 16;

    private static final int HOURS = DayTable.HOURS;
    private static final int WEEKS = DayTable.WEEKS;

    private final DayCells cells;
    private final int width;
    private final FieldVector[] vectors;
    private final VectorSchemaRoot root;

    /** A slice, column by column, and the validity of each value ({@link ArrowVectors}' layout). */
    private final long[][] values;

    private final long[][] valid;
    private final int[] narrow = new int[SLICE_ROWS];
    private final Row row = new Row();

    /** The next slot to write, and its series. */
    private int series;

    private int slot;
    private boolean closed;

    DayRows(BufferAllocator allocator, DayCells cells) {
        super(allocator);
        this.cells = cells;
        List<String> columns = cells.table().columns();
        this.width = columns.size();
        this.vectors = new FieldVector[width];
        for (int column = 0; column < width; column++) {
            String name = columns.get(column);
            vectors[column] =
                    DayTable.isBigint(name) ? new BigIntVector(name, allocator) : new IntVector(name, allocator);
        }
        this.root = new VectorSchemaRoot(new ArrayList<>(List.of(vectors)));
        this.values = new long[width][SLICE_ROWS];
        this.valid = new long[width][SLICE_ROWS / 64];
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
            valid[column][index >>> 6] |= 1L << index;
            column++;
        }

        void putNull() {
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
            Arrays.fill(words, 0);
        }
        while (count < SLICE_ROWS && series < cells.seriesCount()) {
            int end = cells.firstSlot(series + 1);
            for (; slot < end && count < SLICE_ROWS; slot++) {
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

    /** Writes the row of the current slot as row {@code index} of the slice. */
    private void write(int index) {
        row.index = index;
        row.column = 0;
        for (int column = 0; column < cells.table().series().size(); column++) {
            row.put(cells.key(column, series));
        }
        int first = cells.firstSlot(series);
        row.put(cells.firstDay(series) + slot - first);
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
        // The same weekdays back to the series' first day: a slot before it is no day of the series.
        int earliest = Math.max(first, slot - 7 * (WEEKS - 1));
        for (int hour = 0; hour < HOURS; hour++) {
            long sum = 0;
            int nonNull = 0;
            int withReading = 0;
            for (int day = slot; day >= earliest; day -= 7) {
                int readings = cells.readings(day, hour);
                if (readings > 0) {
                    withReading++;
                    if (readings > cells.failed(day, hour)) {
                        nonNull++;
                        sum += cells.visits(day, hour);
                    }
                }
            }
            row.put(DayTable.packed(sum, nonNull, withReading));
        }
        long sum = 0;
        int nonNull = 0;
        int withReading = 0;
        for (int day = slot; day >= earliest; day -= 7) {
            if (cells.exists(day)) {
                withReading++;
                if (cells.dayReadings[day] > cells.dayFailed[day]) {
                    nonNull++;
                    sum += cells.dayVisits[day];
                }
            }
        }
        row.put(DayTable.packed(sum, nonNull, withReading));
        if (row.column != width) {
            throw new IllegalStateException("Wrote " + row.column + " values for the " + width + " columns of "
                    + cells.table().table());
        }
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
