package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readings handed over in slices, more of them than slices circulate, end up in the cells as if
 * added one by one; a reading the cells refuse is thrown to the reader, which never waits forever.
 */
@Timeout(30)
class SliceAdderTest {
    private static final int[] STORES = {1, 1, 2};

    private static final int[] SENSORS = {1, 2, 1};

    private static final int DAYS = 3;

    @Test
    void readingsHandedOverInSlicesAreAddedAsOneByOne() throws InterruptedException {
        SensorDayCells bySlices = cells();
        SensorDayCells oneByOne = cells();
        SplittableRandom random = new SplittableRandom(11);
        // Slices of 5 readings, fewer than a slice may hold, each reused several times.
        int sliceRows = 5;
        try (SliceAdder adder = new SliceAdder(bySlices, 2)) {
            SliceAdder.Slice slice = null;
            for (int hour = 0; hour < DAYS * DayTable.HOURS; hour++) {
                for (int series = 0; series < STORES.length; series++) {
                    if (slice == null) {
                        slice = adder.emptySlice();
                        slice.reserve(sliceRows);
                        slice.rows = 0;
                    }
                    int visits = random.nextInt(100);
                    boolean failed = random.nextInt(8) == 0;
                    oneByOne.add(STORES[series], SENSORS[series], hour, visits, failed);
                    int row = slice.rows++;
                    slice.storeIds[row] = STORES[series];
                    slice.sensorIds[row] = SENSORS[series];
                    slice.epochHours[row] = hour;
                    slice.visits[row] = visits;
                    slice.counted[row >>> 6] =
                            failed ? slice.counted[row >>> 6] & ~(1L << row) : slice.counted[row >>> 6] | 1L << row;
                    if (slice.rows == sliceRows) {
                        adder.add(slice);
                        slice = null;
                    }
                }
            }
            if (slice != null) {
                adder.add(slice);
            }
            adder.finish();
        }
        bySlices.finish();
        oneByOne.finish();
        assertThat(oneByOne.added()).isEqualTo((long) DAYS * DayTable.HOURS * STORES.length);
        SensorDayCellsTest.assertSameCells(bySlices, oneByOne);
    }

    @Test
    void aReadingTheCellsRefuseIsThrownToTheReaderWhoseNextSlicesAreStillGivenBack() throws InterruptedException {
        SensorDayCells cells = cells();
        try (SliceAdder adder = new SliceAdder(cells, 1)) {
            SliceAdder.Slice refused = adder.emptySlice();
            refused.rows = 1;
            refused.storeIds[0] = 9; // not listed
            refused.sensorIds[0] = 1;
            refused.counted[0] = 1;
            adder.add(refused);
            // The reader goes on until it asks for a slice after the failure: then it is told,
            // never left waiting for slices the adding thread no longer adds.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            assertThatThrownBy(() -> {
                        while (System.nanoTime() < deadline) {
                            SliceAdder.Slice slice = adder.emptySlice();
                            slice.rows = 1;
                            slice.storeIds[0] = 1;
                            slice.sensorIds[0] = 1;
                            slice.counted[0] = 1;
                            adder.add(slice);
                        }
                    })
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Sensor 1 of store 9 is not listed");
            assertThatThrownBy(adder::finish)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Sensor 1 of store 9 is not listed");
        }
    }

    /** Cells of {@link #DAYS} days from epoch day 0 for each listed sensor. */
    private static SensorDayCells cells() {
        int[] lastDay = new int[STORES.length];
        Arrays.fill(lastDay, DAYS - 1);
        return new SensorDayCells(STORES, SENSORS, new int[STORES.length], lastDay);
    }
}
