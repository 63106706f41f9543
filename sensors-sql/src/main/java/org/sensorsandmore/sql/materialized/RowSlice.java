package org.sensorsandmore.sql.materialized;

import java.util.Arrays;

/**
 * A slice of a {@link DayTable}'s rows in arrays, column by column in {@link DayTable#columns()}
 * order, with each value's validity in words of 64 rows ({@link
 * org.sensorsandmore.sql.storage.ArrowVectors}' layout): what {@link KernelRows} computes rows into,
 * and what they are handed to DuckDB from, as Arrow ({@link RebuiltRows}) or through its Appender
 * ({@link RefreshKernel}). Not thread-safe.
 */
final class RowSlice {
    private final DayTable table;

    /** Per column, its values by row. */
    final long[][] values;

    /** Per column, its validity: bit {@code row % 64} of word {@code row / 64}. */
    final long[][] valid;

    private final int capacity;
    private int rows;

    /** @param capacity rows the slice holds: a positive multiple of 64, so validity is whole words */
    RowSlice(DayTable table, int capacity) {
        if (capacity <= 0 || capacity % 64 != 0) {
            throw new IllegalArgumentException("Rows per slice must be a positive multiple of 64: " + capacity);
        }
        this.table = table;
        this.capacity = capacity;
        int width = table.columns().size();
        this.values = new long[width][capacity];
        this.valid = new long[width][capacity / 64];
    }

    DayTable table() {
        return table;
    }

    int width() {
        return values.length;
    }

    /** @return the rows the slice holds */
    int rows() {
        return rows;
    }

    boolean isFull() {
        return rows == capacity;
    }

    /** Empties the slice. */
    void clear() {
        // Every value starts valid: nulls are few, so a put is one store.
        for (long[] words : valid) {
            Arrays.fill(words, -1L);
        }
        rows = 0;
    }

    /**
     * Starts the next row: {@link #set} and {@link #setNull} then give its values, column by
     * column, and {@link #endRow} ends it.
     *
     * @return its index
     */
    int startRow() {
        return rows;
    }

    void set(int column, int row, long value) {
        values[column][row] = value;
    }

    void setNull(int column, int row) {
        valid[column][row >>> 6] &= ~(1L << row);
    }

    /**
     * Ends the row {@link #startRow} started.
     *
     * @param columns the columns it was given values of
     * @throws IllegalStateException when not every column
     */
    void endRow(int columns) {
        if (columns != values.length) {
            throw new IllegalStateException(
                    "Wrote " + columns + " values for the " + values.length + " columns of " + table.table());
        }
        rows++;
    }

    /** @return whether a row's value of a column is not NULL */
    boolean isValid(int column, int row) {
        return (valid[column][row >>> 6] >>> row & 1) != 0;
    }
}
