package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sensor's series is found by its ids whether they lie close together (looked up in an array
 * indexed by them) or far apart (hashed), and a reading of a sensor that was not listed is refused
 * either way.
 */
class SensorDayCellsTest {
    /** Stores 3, 4 and 6 with sensors 1, 2 and 5: close ids, a store and sensors between them unlisted. */
    private static final int[] CLOSE_STORES = {3, 3, 4, 6, 6};

    private static final int[] CLOSE_SENSORS = {1, 5, 2, 1, 2};

    /** The same sensors with ids too far apart for an array of them. */
    private static final int[] FAR_STORES = {3, 3, 4, 6, Integer.MAX_VALUE};

    private static final int[] FAR_SENSORS = {1, 5, 2, 1, Integer.MIN_VALUE};

    @Test
    void closeAndFarIdsHoldTheSameCells() {
        SensorDayCells close = cells(CLOSE_STORES, CLOSE_SENSORS);
        SensorDayCells far = cells(FAR_STORES, FAR_SENSORS);
        SplittableRandom random = new SplittableRandom(7);
        long added = 0;
        for (int day = 0; day < 3; day++) {
            for (int series = 0; series < CLOSE_STORES.length; series++) {
                int present = random.nextInt(1 << DayTable.HOURS) | 1;
                int failed = present & random.nextInt(1 << DayTable.HOURS) & random.nextInt(1 << DayTable.HOURS);
                int[] visits = random.ints(DayTable.HOURS, 0, 100).toArray();
                addDay(close, CLOSE_STORES[series], CLOSE_SENSORS[series], day, present, failed, visits);
                addDay(far, FAR_STORES[series], FAR_SENSORS[series], day, present, failed, visits);
                added += Integer.bitCount(present);
            }
        }
        close.finish();
        far.finish();
        assertThat(close.added()).isEqualTo(added);
        assertSameCells(far, close);
    }

    /** Adds one sensor-day row, {@code visits} by hour. */
    private static void addDay(
            SensorDayCells cells, int storeId, int sensorId, int day, int present, int failed, int[] visits) {
        int[][] byHour = new int[DayTable.HOURS][];
        for (int h = 0; h < DayTable.HOURS; h++) {
            byHour[h] = new int[] {visits[h]};
        }
        cells.addDays(
                new int[] {storeId},
                new int[] {sensorId},
                new int[] {day},
                new int[] {present},
                new int[] {failed},
                byHour,
                1);
    }

    /** Two finished cells hold the same readings and the same masks and visits, slot by slot. */
    static void assertSameCells(SensorDayCells actual, SensorDayCells expected) {
        assertThat(actual.added()).isEqualTo(expected.added());
        assertThat(actual.slots()).isEqualTo(expected.slots());
        for (int slot = 0; slot < expected.slots(); slot++) {
            assertThat(actual.present(slot)).as("slot %d", slot).isEqualTo(expected.present(slot));
            assertThat(actual.failedHours(slot)).as("slot %d", slot).isEqualTo(expected.failedHours(slot));
            for (int hour = 0; hour < DayTable.HOURS; hour++) {
                assertThat(actual.visits(slot, hour))
                        .as("slot %d hour %d", slot, hour)
                        .isEqualTo(expected.visits(slot, hour));
            }
        }
    }

    @Test
    void aSensorThatWasNotListedIsRefusedWhereverItsIdsLie() {
        for (SensorDayCells cells :
                new SensorDayCells[] {cells(CLOSE_STORES, CLOSE_SENSORS), cells(FAR_STORES, FAR_SENSORS)}) {
            int[][] unlisted = {
                {3, 2}, // a sensor between listed ones
                {5, 1}, // a store between listed ones
                {2, 1}, // a store below the lowest
                {7, 1}, // a store above the highest
                {3, 0}, // a sensor below the lowest
                {6, 6}, // a sensor above the highest
                {Integer.MIN_VALUE, 1},
                {4, Integer.MAX_VALUE}
            };
            for (int[] ids : unlisted) {
                assertThatThrownBy(() -> addDay(cells, ids[0], ids[1], 0, 1, 0, new int[DayTable.HOURS]))
                        .as("store %d sensor %d", ids[0], ids[1])
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Sensor " + ids[1] + " of store " + ids[0] + " is not listed");
            }
            addDay(cells, 4, 2, 0, 1, 0, new int[DayTable.HOURS]);
            assertThat(cells.added()).isEqualTo(1);
        }
    }

    @Test
    void aSensorListedTwiceIsRefused() {
        assertThatThrownBy(() -> cells(new int[] {1, 1}, new int[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sensor 2 of store 1 is listed twice");
    }

    /** Cells of three days from epoch day 0 for each listed sensor. */
    private static SensorDayCells cells(int[] stores, int[] sensors) {
        return new SensorDayCells(stores, sensors, new int[stores.length], filled(stores.length, 2));
    }

    private static int[] filled(int length, int value) {
        int[] values = new int[length];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
