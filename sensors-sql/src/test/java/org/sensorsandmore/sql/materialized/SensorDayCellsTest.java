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
        // Hour by hour, every sensor of an hour after the other, as a load's readings come.
        for (int hour = 0; hour < 3 * DayTable.HOURS; hour++) {
            for (int series = 0; series < CLOSE_STORES.length; series++) {
                int visits = random.nextInt(100);
                boolean failed = random.nextInt(10) == 0;
                close.add(CLOSE_STORES[series], CLOSE_SENSORS[series], hour, visits, failed);
                far.add(FAR_STORES[series], FAR_SENSORS[series], hour, visits, failed);
            }
        }
        close.finish();
        far.finish();
        assertThat(close.added()).isEqualTo(3L * DayTable.HOURS * CLOSE_STORES.length);
        assertSameCells(far, close);
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
                assertThatThrownBy(() -> cells.add(ids[0], ids[1], 0, 1, false))
                        .as("store %d sensor %d", ids[0], ids[1])
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Sensor " + ids[1] + " of store " + ids[0] + " is not listed");
            }
            cells.add(4, 2, 0, 1, false);
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
