package org.sensorsandmore.sql.materialized;

/**
 * The rows of a {@link DayTable}, baselines included, computed from its {@link DayCells} in key
 * order, a row per day with a reading (or only those of some days), a slice at a time. It computes
 * what {@link DayTable#withBaselines} computes: each baseline sums the packed cells of its day and
 * of the same weekday 7, 14 and 21 days before ({@link DayTable#WEEKS} in all), a week of slots
 * apart in the series' arrays ({@link DayCells#week()}); a day's packed cells are computed once, as
 * its slot is passed, and kept in a ring of the last four weeks.
 *
 * <p>Not thread-safe: one per pass over the cells.
 */
final class KernelRows {
    private static final int HOURS = DayTable.HOURS;
    private static final int WEEKS = DayTable.WEEKS;

    /**
     * The slots a baseline reads back, and those after it, at a slot per day: the ring holds each
     * one's shares (at a slot per week, more than it needs).
     */
    private static final int RING_SLOTS = 7 * WEEKS;

    private final DayCells cells;

    /** Per slot, whether its row is wanted; null: every slot's. */
    private final boolean[] wanted;

    /**
     * The packed shares (of the 24 hours and of the day) of the last {@link #RING_SLOTS} slots of the
     * series being written, and the zeros of {@link #NONE}: each is computed once, and a baseline
     * adds {@link DayTable#WEEKS} of them.
     */
    private final long[] shares = new long[(RING_SLOTS + 1) * (HOURS + 1)];

    /** Where the ring's last entry starts: zeros, the shares of a day without a reading. */
    private static final int NONE = RING_SLOTS * (HOURS + 1);

    /** Where the shares of the current slot's day and of its same weekdays before start in the ring. */
    private final int[] weekAt = new int[WEEKS];

    /** The next slot to pass, and its series. */
    private int series;

    private int slot;

    /** Every row of the cells. */
    KernelRows(DayCells cells) {
        this(cells, null);
    }

    /**
     * The rows of the wanted slots. A wanted row's baseline reads the cells of its day and of the
     * same weekday of the {@code WEEKS - 1} weeks before, which must be in the cells.
     *
     * @param wanted per slot, whether its row is wanted; null for every slot's
     */
    KernelRows(DayCells cells, boolean[] wanted) {
        if (wanted != null && wanted.length != cells.slots()) {
            throw new IllegalArgumentException(
                    "Wanted slots given for " + wanted.length + " slots, not " + cells.slots());
        }
        this.cells = cells;
        this.wanted = wanted;
    }

    DayTable table() {
        return cells.table();
    }

    /**
     * Computes the next rows into an emptied slice, as many as it holds.
     *
     * @return the rows computed; 0 when every row was
     */
    int fill(RowSlice slice) {
        if (slice.table() != cells.table()) {
            throw new IllegalArgumentException("A slice of " + slice.table() + " for rows of " + cells.table());
        }
        slice.clear();
        while (!slice.isFull() && series < cells.seriesCount()) {
            int end = cells.firstSlot(series + 1);
            for (; slot < end && !slice.isFull(); slot++) {
                if (cells.exists(slot)) {
                    share(ringAt(slot));
                    if (wanted == null || wanted[slot]) {
                        write(slice);
                    }
                }
            }
            if (slot == end) {
                series++;
            }
        }
        return slice.rows();
    }

    /**
     * Packs the current slot's shares of the baselines that read it into the ring, where {@link
     * #write} sums them. Only a day with a reading has shares, and only theirs are read: a series
     * may start with days without one, and a maintenance's cells have many.
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
        shares[at + HOURS] = cells.dayReadings[slot] > cells.dayFailed[slot]
                ? DayTable.packed(cells.dayVisits[slot], 1, 1)
                : DayTable.packed(0, 0, 1);
    }

    /** Writes the row of the current slot as the slice's next. */
    private void write(RowSlice row) {
        row.startRow();
        for (int column = 0; column < cells.table().series().size(); column++) {
            row.put(cells.key(column, series));
        }
        row.put(cells.day(series, slot));
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
        // The packed sums are sums of the packed shares of the days with a reading; a day before
        // the series' first has none.
        int first = cells.firstSlot(series);
        for (int week = 0, earlier = slot; week < WEEKS; week++, earlier -= cells.week()) {
            weekAt[week] = earlier >= first && cells.exists(earlier) ? ringAt(earlier) : NONE;
        }
        for (int cell = 0; cell <= HOURS; cell++) {
            long sum = 0;
            for (int week = 0; week < WEEKS; week++) {
                sum += shares[weekAt[week] + cell];
            }
            row.put(sum);
        }
        row.endRow();
    }

    /** @return where a slot's shares start in the ring */
    private static int ringAt(int slot) {
        return Math.floorMod(slot, RING_SLOTS) * (HOURS + 1);
    }
}
