package org.sensorsandmore.sql.materialized;

/**
 * The cells of a {@link DayTable} held in Java arrays for the rebuild kernel ({@link
 * RebuildKernel}): its series in key order, each over the days from its first reading to its last
 * (a slot per day, days without a reading included, so that the same weekday a week before is
 * seven slots back), and per slot the day's cells. Sized by the series' own spans, never by the
 * fleet times the calendar.
 *
 * <p>Subclasses hold the hourly cells their table stores differently: bits per sensor, counts per
 * store. Filled by one thread, then read-only: the reads of {@link RebuiltRows} may come from DuckDB's
 * threads, after the statement that starts them.
 */
abstract class DayCells {
    private final DayTable table;

    /** Per series column ({@link DayTable#series()}), its value for each series. */
    private final int[][] keys;

    private final int[] firstDay;

    /** Per series, its first slot; the last entry is the number of slots. */
    private final int[] firstSlot;

    /** Per slot: the day's visits (of readings that did not fail), readings and failed readings. */
    final long[] dayVisits;

    final int[] dayReadings;
    final int[] dayFailed;

    /**
     * @param keys per series column, its value for each series, the series in key order
     * @param firstDay per series, the day of its first reading
     * @param firstSlot per series, its first slot, and the number of slots at the end
     */
    DayCells(DayTable table, int[][] keys, int[] firstDay, int[] firstSlot) {
        if (keys.length != table.series().size()) {
            throw new IllegalArgumentException(
                    table + " has " + table.series().size() + " series columns, not " + keys.length);
        }
        this.table = table;
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
     * @param lastDay per series, its last day
     * @return per series its first slot, and the number of slots at the end
     * @throws IllegalArgumentException when the hourly cells of that many slots would not fit an array
     */
    static int[] firstSlots(int[] firstDay, int[] lastDay) {
        int[] firstSlot = new int[firstDay.length + 1];
        long slots = 0;
        for (int series = 0; series < firstDay.length; series++) {
            firstSlot[series] = (int) slots;
            slots += (long) lastDay[series] - firstDay[series] + 1;
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

    /** Puts the table's own count cells of a slot's day, those between the visits and the day's cells. */
    abstract void putCounts(int slot, RebuiltRows.Row row);
}
