package org.sensorsandmore.sql.materialized;

/**
 * The cells of a {@link DayTable} held in Java arrays for the kernels ({@link RebuildKernel},
 * {@link RefreshKernel}): its series in key order, each over the days from its first reading to its
 * last, and per slot the day's cells. A slot per day, days without a reading included, so that the
 * same weekday a week before is seven slots back; or, for the cells of one weekday (a maintenance's:
 * a baseline reads only its own weekday), a slot per week, the week before one slot back. Sized by
 * the series' own spans, never by the fleet times the calendar.
 *
 * <p>Subclasses hold the hourly cells their table stores differently: bits per sensor, counts per
 * store. Filled by one thread, then read-only: the reads of {@link KernelRows} may come from DuckDB's
 * threads, after the statement that starts them.
 */
abstract class DayCells {
    private final DayTable table;

    /** Per series column ({@link DayTable#series()}), its value for each series. */
    private final int[][] keys;

    private final int[] firstDay;

    /** Per series, its first slot; the last entry is the number of slots. */
    private final int[] firstSlot;

    /** Days from a slot to the next: 1, or 7 for the cells of one weekday. */
    private final int stride;

    /** Per slot: the day's visits (of readings that did not fail), readings and failed readings. */
    final long[] dayVisits;

    final int[] dayReadings;
    final int[] dayFailed;

    /**
     * @param keys per series column, its value for each series, the series in key order
     * @param firstDay per series, the day of its first reading
     * @param firstSlot per series, its first slot, and the number of slots at the end ({@link
     *     #firstSlots})
     * @param stride days from a slot to the next: 1, or 7 for the cells of one weekday
     */
    DayCells(DayTable table, int[][] keys, int[] firstDay, int[] firstSlot, int stride) {
        if (keys.length != table.series().size()) {
            throw new IllegalArgumentException(
                    table + " has " + table.series().size() + " series columns, not " + keys.length);
        }
        if (stride != 1 && stride != 7) {
            throw new IllegalArgumentException("A slot is a day or a week, not " + stride + " days");
        }
        this.table = table;
        this.stride = stride;
        this.keys = keys;
        this.firstDay = firstDay;
        this.firstSlot = firstSlot;
        int slots = slots();
        this.dayVisits = new long[slots];
        this.dayReadings = new int[slots];
        this.dayFailed = new int[slots];
    }

    /**
     * @param firstDay per series, its first day
     * @param lastDay per series, its last day, a whole number of strides after the first
     * @param stride days from a slot to the next
     * @return per series its first slot, and the number of slots at the end
     * @throws IllegalArgumentException when the hourly cells of that many slots would not fit an
     *     array, or a last day is not a whole number of strides after its first
     */
    static int[] firstSlots(int[] firstDay, int[] lastDay, int stride) {
        int[] firstSlot = new int[firstDay.length + 1];
        long slots = 0;
        for (int series = 0; series < firstDay.length; series++) {
            firstSlot[series] = (int) slots;
            long span = (long) lastDay[series] - firstDay[series];
            if (span % stride != 0) {
                throw new IllegalArgumentException("Days " + firstDay[series] + " to " + lastDay[series]
                        + " are not a whole number of slots of " + stride + " days");
            }
            slots += span / stride + 1;
            if (slots * DayTable.HOURS > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Too many days to hold hourly cells of in arrays: over " + slots);
            }
        }
        firstSlot[firstDay.length] = (int) slots;
        return firstSlot;
    }

    final DayTable table() {
        return table;
    }

    final int seriesCount() {
        return firstDay.length;
    }

    final int slots() {
        return firstSlot[firstDay.length];
    }

    /** @return the value of series column {@code column} for a series */
    final int key(int column, int series) {
        return keys[column][series];
    }

    final int firstDay(int series) {
        return firstDay[series];
    }

    final int firstSlot(int series) {
        return firstSlot[series];
    }

    /** @return days from a slot to the next: 1, or 7 for the cells of one weekday */
    final int stride() {
        return stride;
    }

    /** @return the slots from a day to the same weekday a week later: 7, or 1 */
    final int week() {
        return 7 / stride;
    }

    /** @return the day of a slot of a series */
    final int day(int series, int slot) {
        return firstDay[series] + (slot - firstSlot[series]) * stride;
    }

    /** @return whether the slot's day has a reading, and so a row */
    final boolean exists(int slot) {
        return dayReadings[slot] > 0;
    }

    /** @return the readings of an hour of a slot's day */
    abstract int readings(int slot, int hour);

    /** @return the failed readings of an hour of a slot's day */
    abstract int failed(int slot, int hour);

    /** @return the visits of an hour of a slot's day; meaningful when it has a reading that did not fail */
    abstract long visits(int slot, int hour);

    /**
     * Sets the table's own count cells of a slot's day, those between the visits and the day's
     * cells, in a row of a slice from a column on.
     *
     * @return the column after them
     */
    abstract int putCounts(int slot, RowSlice slice, int row, int column);
}
