package org.sensorsandmore.sql.materialized;

/**
 * The cells of {@code sensor_days} in arrays ({@link DayCells}), filled row by row of {@code
 * reading_days}: per slot and hour one number, 0 for no reading, 1 for a failed one, else the
 * visits with their sign bit flipped (so that any count but the two smallest ints is held, negative
 * ones too). A sensor has one reading per hour, so an hour's visits fit an {@code int} (the type of
 * {@code readings.visits}). The masks of the hours with a reading and of those that failed, and the
 * day's cells, are then computed from those numbers in one pass in slot order ({@link #finish()}).
 * Not thread-safe while filled.
 */
final class SensorDayCells extends DayCells {
    private static final int HOURS = DayTable.HOURS;

    /** What {@link #hours} holds for an hour without a reading. */
    static final int ABSENT = 0;

    /** What {@link #hours} holds for a failed reading. */
    static final int FAILED = 1;

    /**
     * The entries {@link #denseSeries} may have, whatever the fleet (1 MB of ints); beyond that, four
     * per listed sensor.
     */
    private static final int DENSE_LIMIT = 1 << 18;

    /**
     * Per slot and hour ({@code slot * HOURS + hour}): while filled, {@link #ABSENT}, {@link
     * #FAILED}, else the visits' {@link #held} number; once {@link #finish() finished}, the visits.
     */
    private final int[] hours;

    /** Per slot, the masks {@link #finish()} computes. */
    private final int[] present;

    private final int[] failedHours;

    /** Open addressing from (store_id, sensor_id) to the series: {@code keyOf} and series + 1, 0 free. */
    private final long[] indexKeys;

    private final int[] indexSeries;

    /**
     * The same index, for the lookups of {@link #add}, as an array indexed by the ids themselves:
     * {@code (store_id - lowestStore) * sensorSpan + sensor_id - lowestSensor} holds series + 1 (0:
     * not listed); null when the ids spread too far for one ({@link #DENSE_LIMIT}). Readings arrive
     * hour by hour, each of another sensor than the last, so every one looks its sensor up: probing
     * the hash was about a third of the Java of reading them (0.13 s of a 35 M rebuild's 1.3 s read).
     */
    private final int[] denseSeries;

    private final int lowestStore;
    private final int lowestSensor;
    private final int sensorSpan;
    private long lastKey = Long.MIN_VALUE;
    private int lastSeries;
    private long added;
    private long repeated;
    private long unheld;

    /**
     * @param storeIds per series (sensor), its store, the series sorted by store and sensor
     * @param sensorIds per series, its sensor
     * @param firstDay per series, the day of its first reading
     * @param lastDay per series, the day of its last reading
     */
    SensorDayCells(int[] storeIds, int[] sensorIds, int[] firstDay, int[] lastDay) {
        this(storeIds, sensorIds, firstDay, lastDay, 1);
    }

    /**
     * @param storeIds per series (sensor), its store, the series sorted by store and sensor
     * @param sensorIds per series, its sensor
     * @param firstDay per series, its first day
     * @param lastDay per series, its last day, a whole number of strides after the first
     * @param stride days from a slot to the next: 1, or 7 for the cells of one weekday
     */
    SensorDayCells(int[] storeIds, int[] sensorIds, int[] firstDay, int[] lastDay, int stride) {
        super(
                DayTable.SENSOR_DAYS,
                new int[][] {storeIds, sensorIds},
                firstDay,
                firstSlots(firstDay, lastDay, stride),
                stride);
        int slots = slots();
        hours = new int[slots * HOURS];
        present = new int[slots];
        failedHours = new int[slots];
        int capacity = Integer.highestOneBit(Math.max(2, storeIds.length) * 2) * 2;
        indexKeys = new long[capacity];
        indexSeries = new int[capacity];
        for (int series = 0; series < storeIds.length; series++) {
            long key = keyOf(storeIds[series], sensorIds[series]);
            int at = find(key);
            if (indexSeries[at] != 0) {
                throw new IllegalArgumentException(
                        "Sensor " + sensorIds[series] + " of store " + storeIds[series] + " is listed twice");
            }
            indexKeys[at] = key;
            indexSeries[at] = series + 1;
        }
        int lowStore = Integer.MAX_VALUE, highStore = Integer.MIN_VALUE;
        int lowSensor = Integer.MAX_VALUE, highSensor = Integer.MIN_VALUE;
        for (int series = 0; series < storeIds.length; series++) {
            lowStore = Math.min(lowStore, storeIds[series]);
            highStore = Math.max(highStore, storeIds[series]);
            lowSensor = Math.min(lowSensor, sensorIds[series]);
            highSensor = Math.max(highSensor, sensorIds[series]);
        }
        long span = (long) highSensor - lowSensor + 1;
        long entries = ((long) highStore - lowStore + 1) * span;
        if (storeIds.length > 0 && entries <= Math.max(DENSE_LIMIT, 4L * storeIds.length)) {
            lowestStore = lowStore;
            lowestSensor = lowSensor;
            sensorSpan = (int) span;
            denseSeries = new int[(int) entries];
            for (int series = 0; series < storeIds.length; series++) {
                denseSeries[(storeIds[series] - lowStore) * sensorSpan + sensorIds[series] - lowSensor] = series + 1;
            }
        } else {
            lowestStore = 0;
            lowestSensor = 0;
            sensorSpan = 0;
            denseSeries = null;
        }
    }

    private static long keyOf(int storeId, int sensorId) {
        return ((long) storeId << 32) | (sensorId & 0xFFFF_FFFFL);
    }

    /** @return the position of a key in the index, or the free one where it belongs */
    private int find(long key) {
        int mask = indexKeys.length - 1;
        // A multiplicative hash: consecutive stores and sensors spread over the table.
        int at = (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
        while (indexSeries[at] != 0 && indexKeys[at] != key) {
            at = (at + 1) & mask;
        }
        return at;
    }

    /** @return the series of a sensor plus one, 0 when it is not listed */
    private int seriesOf(int storeId, int sensorId) {
        if (denseSeries == null) {
            return indexSeries[find(keyOf(storeId, sensorId))];
        }
        long store = (long) storeId - lowestStore;
        long sensor = (long) sensorId - lowestSensor;
        if (store < 0 || sensor < 0 || sensor >= sensorSpan || store * sensorSpan + sensor >= denseSeries.length) {
            return 0;
        }
        return denseSeries[(int) (store * sensorSpan + sensor)];
    }

    /**
     * Adds sensor-days' readings to their cells: rows of {@code reading_days}, column by column.
     *
     * @param present per row, the mask of the hours with a reading
     * @param failedMasks per row, the mask of those that failed
     * @param visits per hour, per row, the visits of the hour's reading; read only where it has one
     *     that did not fail
     * @param rows the rows in the arrays
     * @throws IllegalArgumentException when a sensor was not listed, or a day lies outside its
     *     listed days (or its weekday): the readings changed since they were listed
     */
    void addDays(
            int[] storeIds,
            int[] sensorIds,
            int[] epochDays,
            int[] present,
            int[] failedMasks,
            int[][] visits,
            int rows) {
        int[] held = hours;
        for (int i = 0; i < rows; i++) {
            long key = keyOf(storeIds[i], sensorIds[i]);
            if (key != lastKey) {
                int listed = seriesOf(storeIds[i], sensorIds[i]);
                if (listed == 0) {
                    throw new IllegalArgumentException(
                            "Sensor " + sensorIds[i] + " of store " + storeIds[i] + " is not listed");
                }
                lastKey = key;
                lastSeries = listed - 1;
            }
            int offset = epochDays[i] - firstDay(lastSeries);
            int slot = firstSlot(lastSeries) + (stride() == 1 ? offset : offset / stride());
            if (offset < 0 || slot >= firstSlot(lastSeries + 1) || offset % stride() != 0) {
                throw new IllegalArgumentException("Day " + epochDays[i] + " of sensor " + sensorIds[i] + " of store "
                        + storeIds[i] + " lies outside its listed days");
            }
            int at = slot * HOURS;
            int mask = present[i] & 0xFF_FFFF;
            added += Integer.bitCount(mask);
            for (int hours = mask; hours != 0; hours &= hours - 1) {
                int hour = Integer.numberOfTrailingZeros(hours);
                boolean failed = (failedMasks[i] >>> hour & 1) != 0;
                int number = failed ? FAILED : held(visits[hour][i]);
                if (held[at + hour] != ABSENT) {
                    repeated++;
                } else if (!failed && (number == ABSENT || number == FAILED)) {
                    unheld++;
                } else {
                    held[at + hour] = number;
                }
            }
        }
    }

    /** @return the number held for visits, and the visits of a number held: the sign bit flipped */
    static int held(int visits) {
        return visits ^ Integer.MIN_VALUE;
    }

    /**
     * The numbers {@link #add} holds, per slot and hour, for {@link ArrivingCells} to fill in
     * instead of adding readings one by one (it then counts them with {@link #addedElsewhere}).
     */
    int[] heldHours() {
        return hours;
    }

    /** Counts readings {@link ArrivingCells} filled in. */
    void addedElsewhere(long readings) {
        added += readings;
    }

    /**
     * Computes each slot's masks and day cells from its hours, once every reading was added, and
     * leaves in {@link #hours} each hour's visits, 0 when failed or absent: what {@link #visits}
     * reads from then on.
     */
    void finish() {
        for (int slot = 0, at = 0; slot < present.length; slot++) {
            int presentMask = 0;
            int failedMask = 0;
            long sum = 0;
            for (int hour = 0; hour < HOURS; hour++, at++) {
                int value = hours[at];
                if (value == FAILED) {
                    presentMask |= 1 << hour;
                    failedMask |= 1 << hour;
                    hours[at] = 0;
                } else if (value != ABSENT) {
                    presentMask |= 1 << hour;
                    hours[at] = held(value);
                    sum += hours[at];
                }
            }
            present[slot] = presentMask;
            failedHours[slot] = failedMask;
            dayReadings[slot] = Integer.bitCount(presentMask);
            dayFailed[slot] = Integer.bitCount(failedMask);
            dayVisits[slot] = sum;
        }
    }

    /** @return the readings added */
    long added() {
        return added;
    }

    /**
     * @return the readings added for an hour that already had one: {@code reading_days} keeps one
     *     row per sensor-day, so any is a table written outside the library
     */
    long repeated() {
        return repeated;
    }

    /** @return the readings whose visits these arrays cannot hold: the two smallest ints */
    long unheld() {
        return unheld;
    }

    @Override
    int readings(int slot, int hour) {
        return (present[slot] >>> hour) & 1;
    }

    @Override
    int failed(int slot, int hour) {
        return (failedHours[slot] >>> hour) & 1;
    }

    @Override
    long visits(int slot, int hour) {
        return hours[slot * HOURS + hour];
    }

    /** @return the bit mask of the hours of a slot's day that have a reading */
    int present(int slot) {
        return present[slot];
    }

    /** @return the bit mask of the hours of a slot's day whose reading failed */
    int failedHours(int slot) {
        return failedHours[slot];
    }

    @Override
    int putCounts(int slot, RowSlice slice, int row, int column) {
        slice.set(column, row, present[slot]);
        slice.set(column + 1, row, failedHours[slot]);
        return column + 2;
    }
}
