package org.sensorsandmore.sql.materialized;

import java.util.Arrays;

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

    /** The slots from a day to the same weekday a week later ({@link DayCells#week()}). */
    private final int week;

    /** Per slot, whether its row is wanted; null: every slot's. */
    private final boolean[] wanted;

    /**
     * The packed shares (of the 24 hours and of the day) of the last {@link #RING_SLOTS} slots of the
     * series being written: each is computed once, and a baseline adds {@link DayTable#WEEKS} of
     * them.
     */
    private final long[] shares = new long[RING_SLOTS * (HOURS + 1)];

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
        this.week = cells.week();
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
            if (slot == cells.firstSlot(series)) {
                // The shares of the days before a series' first: none.
                Arrays.fill(shares, 0);
            }
            for (; slot < end && !slice.isFull(); slot++) {
                // Every day's shares, those without a row too: they replace the shares of four
                // weeks before.
                share(ringAt(slot));
                if (cells.exists(slot) && (wanted == null || wanted[slot])) {
                    write(slice);
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
     * #write} sums them: zeros for a day without a reading.
     */
    private void share(int at) {
        if (!cells.exists(slot)) {
            Arrays.fill(shares, at, at + HOURS + 1, 0);
            return;
        }
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

    /**
     * Writes the row of the current slot as the slice's next. The column counts in a local: a
     * rebuild writes 80 M values here.
     */
    private void write(RowSlice slice) {
        int row = slice.startRow();
        int column = 0;
        for (int key = 0; key < cells.table().series().size(); key++) {
            slice.set(column++, row, cells.key(key, series));
        }
        slice.set(column++, row, cells.day(series, slot));
        for (int hour = 0; hour < HOURS; hour++, column++) {
            if (cells.readings(slot, hour) > cells.failed(slot, hour)) {
                slice.set(column, row, cells.visits(slot, hour));
            } else {
                slice.setNull(column, row);
            }
        }
        column = cells.putCounts(slot, slice, row, column);
        if (cells.dayReadings[slot] > cells.dayFailed[slot]) {
            slice.set(column, row, cells.dayVisits[slot]);
        } else {
            slice.setNull(column, row);
        }
        slice.set(column + 1, row, cells.dayReadings[slot]);
        slice.set(column + 2, row, cells.dayFailed[slot]);
        column += 3;
        // The packed sums are sums of each day's packed shares; a day before the series' first
        // is an entry of the ring cleared when the series began.
        for (int week = 0; week < WEEKS; week++) {
            weekAt[week] = ringAt(slot - this.week * week);
        }
        for (int cell = 0; cell <= HOURS; cell++, column++) {
            long sum = 0;
            for (int week = 0; week < WEEKS; week++) {
                sum += shares[weekAt[week] + cell];
            }
            slice.set(column, row, sum);
        }
        slice.endRow(column);
    }

    /** @return where a slot's shares start in the ring */
    private static int ringAt(int slot) {
        return Math.floorMod(slot, RING_SLOTS) * (HOURS + 1);
    }
}
