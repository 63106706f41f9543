package org.sensorsandmore.sql.materialized;

import java.util.Arrays;

/**
 * The cells of {@code store_days} in arrays ({@link DayCells}), summed from a store's sensor-days:
 * per slot and hour the visits and the counts of readings and of failed readings over its sensors.
 * A store's days span its sensors' days. Immutable once built.
 */
final class StoreDayCells extends DayCells {
    private static final int HOURS = DayTable.HOURS;

    /** Per slot and hour ({@code slot * HOURS + hour}). */
    private final long[] visits;

    private final int[] readings;
    private final int[] failed;

    private StoreDayCells(int[] storeIds, int[] firstDay, int[] lastDay, int stride) {
        super(DayTable.STORE_DAYS, new int[][] {storeIds}, firstDay, firstSlots(firstDay, lastDay, stride), stride);
        int cells = slots() * HOURS;
        visits = new long[cells];
        readings = new int[cells];
        failed = new int[cells];
    }

    /**
     * @param sensors the sensor-days, sorted by store (as {@link SensorDayCells} are)
     * @return the store-days they sum to
     */
    static StoreDayCells of(SensorDayCells sensors) {
        int[] storeOf = new int[sensors.seriesCount()];
        int stores = 0;
        for (int series = 0; series < sensors.seriesCount(); series++) {
            if (series == 0 || sensors.key(0, series) != sensors.key(0, series - 1)) {
                stores++;
            }
            storeOf[series] = stores - 1;
        }
        int[] storeIds = new int[stores];
        int[] firstDay = new int[stores];
        int[] lastDay = new int[stores];
        Arrays.fill(firstDay, Integer.MAX_VALUE);
        Arrays.fill(lastDay, Integer.MIN_VALUE);
        for (int series = 0; series < sensors.seriesCount(); series++) {
            int store = storeOf[series];
            storeIds[store] = sensors.key(0, series);
            int slots = sensors.firstSlot(series + 1) - sensors.firstSlot(series);
            firstDay[store] = Math.min(firstDay[store], sensors.firstDay(series));
            lastDay[store] = Math.max(lastDay[store], sensors.firstDay(series) + (slots - 1) * sensors.stride());
        }
        // Throws when a store's sensors' slots do not line up: cells of one weekday, of different ones.
        StoreDayCells cells = new StoreDayCells(storeIds, firstDay, lastDay, sensors.stride());
        for (int series = 0; series < sensors.seriesCount(); series++) {
            int store = storeOf[series];
            int offset = cells.firstSlot(store)
                    + (sensors.firstDay(series) - firstDay[store]) / sensors.stride()
                    - sensors.firstSlot(series);
            for (int slot = sensors.firstSlot(series); slot < sensors.firstSlot(series + 1); slot++) {
                if (sensors.exists(slot)) {
                    cells.add(slot + offset, sensors, slot);
                }
            }
        }
        return cells;
    }

    /** Adds a sensor-day to a store-day. */
    private void add(int slot, SensorDayCells sensors, int sensorSlot) {
        int present = sensors.present(sensorSlot);
        int failedHours = sensors.failedHours(sensorSlot);
        int base = slot * HOURS;
        for (int hours = present; hours != 0; hours &= hours - 1) {
            int hour = Integer.numberOfTrailingZeros(hours);
            readings[base + hour]++;
            if ((failedHours >>> hour & 1) != 0) {
                failed[base + hour]++;
            } else {
                visits[base + hour] += sensors.visits(sensorSlot, hour);
            }
        }
        dayVisits[slot] += sensors.dayVisits[sensorSlot];
        dayReadings[slot] += sensors.dayReadings[sensorSlot];
        dayFailed[slot] += sensors.dayFailed[sensorSlot];
    }

    @Override
    int readings(int slot, int hour) {
        return readings[slot * HOURS + hour];
    }

    @Override
    int failed(int slot, int hour) {
        return failed[slot * HOURS + hour];
    }

    @Override
    long visits(int slot, int hour) {
        return visits[slot * HOURS + hour];
    }

    @Override
    int putCounts(int slot, RowSlice slice, int row, int column) {
        int base = slot * HOURS;
        for (int hour = 0; hour < HOURS; hour++) {
            slice.set(column + hour, row, readings[base + hour]);
            slice.set(column + HOURS + hour, row, failed[base + hour]);
        }
        return column + 2 * HOURS;
    }
}
