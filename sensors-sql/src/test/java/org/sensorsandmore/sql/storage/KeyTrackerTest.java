package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;

/** Tells an ingest that repeats a key from one that does not, in whatever order its rows come. */
class KeyTrackerTest {
    private static final int HOUR = 475_000; // 2024-03-09

    @Test
    void aStreamInTimeOrderAndOneBySensorRepeatNothing() {
        KeyTracker byTime = new KeyTracker();
        KeyTracker bySensor = new KeyTracker();
        List<String> stores = List.of("A", "B", "C");
        for (int day = 0; day < 40; day++) {
            ReadingBatch hours = ReadingBatch.create(stores, 16);
            for (int hour = 0; hour < 24; hour++) {
                for (int store = 0; store < stores.size(); store++) {
                    for (int sensor = 0; sensor < 20; sensor++) {
                        hours.add(store, sensor, HOUR + day * 24 + hour, ReadingStatus.OK, 1, false);
                    }
                }
            }
            byTime.add(hours);
        }
        for (int store = 0; store < stores.size(); store++) {
            for (int sensor = 0; sensor < 20; sensor++) {
                ReadingBatch series = ReadingBatch.create(stores, 16);
                for (int hour = 0; hour < 40 * 24; hour++) {
                    series.add(store, sensor, HOUR + hour, ReadingStatus.FAILED, 0, false);
                }
                bySensor.add(series);
            }
        }
        assertThat(byTime.maybeRepeated()).isFalse();
        assertThat(bySensor.maybeRepeated()).isFalse();
    }

    @Test
    void aKeyGivenAgainInALaterBatchThatNamesItsStoreDifferentlyIsARepeat() {
        KeyTracker keys = new KeyTracker();
        ReadingBatch first = ReadingBatch.create(List.of("A", "B"), 4);
        first.add(1, 3, HOUR + 100, ReadingStatus.OK, 5, false);
        first.add(0, 3, HOUR + 100, ReadingStatus.OK, 5, false);
        keys.add(first);
        ReadingBatch other = ReadingBatch.create(List.of("C", "B"), 4);
        other.add(0, 3, HOUR + 100, ReadingStatus.OK, 5, false); // C: new
        other.add(1, 2, HOUR + 100, ReadingStatus.OK, 5, false); // B's sensor 2: new
        keys.add(other);
        assertThat(keys.maybeRepeated()).isFalse();
        ReadingBatch again = ReadingBatch.create(List.of("B"), 4);
        again.add(0, 3, HOUR + 100, ReadingStatus.NOT_OPEN, 0, false);
        keys.add(again);
        assertThat(keys.maybeRepeated()).isTrue();
    }

    @Test
    void everyRepeatInAShuffledYearOfManySensorsIsFound() {
        Random random = new Random(7);
        int sensors = 300;
        int hours = 366 * 24;
        for (int round = 0; round < 3; round++) {
            KeyTracker keys = new KeyTracker();
            int[] order = new int[sensors * hours];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            int repeatAt = round == 0 ? -1 : random.nextInt(order.length);
            ReadingBatch batch = ReadingBatch.create(List.of("S0", "S1", "S2"), 1024);
            for (int i = 0; i <= order.length; i++) {
                if (batch.size() == 1024 || i == order.length) {
                    keys.add(batch);
                    batch.clear();
                }
                if (i == order.length) {
                    break;
                }
                int key = order[i];
                int sensor = key % sensors;
                batch.add(sensor % 3, sensor / 3, HOUR + key / sensors, ReadingStatus.OK, 1, false);
                if (i == repeatAt) {
                    int earlier = order[random.nextInt(i + 1)];
                    int again = earlier % sensors;
                    batch.add(again % 3, again / 3, HOUR + earlier / sensors, ReadingStatus.OK, 2, false);
                }
            }
            assertThat(keys.maybeRepeated()).as("round %d", round).isEqualTo(repeatAt >= 0);
        }
    }

    @Test
    void anHourLongBeforeTheFirstOrACenturyAfterItIsAMaybe() {
        KeyTracker before = new KeyTracker();
        ReadingBatch batch = ReadingBatch.create(List.of("A"), 4);
        batch.add(0, 0, HOUR, ReadingStatus.OK, 1, false);
        batch.add(0, 0, HOUR - 2 * 366 * 24, ReadingStatus.OK, 1, false);
        before.add(batch);
        assertThat(before.maybeRepeated()).isTrue();

        KeyTracker after = new KeyTracker();
        ReadingBatch late = ReadingBatch.create(List.of("A"), 4);
        late.add(0, 0, HOUR, ReadingStatus.OK, 1, false);
        late.add(0, 0, HOUR + 101 * 366 * 24, ReadingStatus.OK, 1, false);
        after.add(late);
        assertThat(after.maybeRepeated()).isTrue();
    }
}
