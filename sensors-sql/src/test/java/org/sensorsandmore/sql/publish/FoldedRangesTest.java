package org.sensorsandmore.sql.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which buckets' day ranges a publish folds back into their parts: not those of the newest day
 * alone, which every hourly run changes again; an eighth of the ranges among those holding an
 * earlier day, the oldest first; and any too long for the deltas.
 */
class FoldedRangesTest {
    private static final int TODAY = 20_000;

    @Test
    void rangesOfTheNewestDayAloneStayInTheDeltas() {
        SortedMap<Integer, Manifest.DayRange> ranges = new TreeMap<>();
        for (int bucket = 0; bucket < 50; bucket++) {
            ranges.put(bucket, new Manifest.DayRange(TODAY, TODAY, bucket));
        }
        assertThat(Publisher.folded(ranges)).isEmpty();
    }

    @Test
    void onceADayHasPassedAnEighthOfTheRangesAreFoldedTheOldestFirst() {
        SortedMap<Integer, Manifest.DayRange> ranges = new TreeMap<>();
        for (int bucket = 0; bucket < 16; bucket++) {
            // The odd buckets still hold yesterday; the even ones were folded since.
            int first = bucket % 2 == 1 ? TODAY - 1 : TODAY;
            ranges.put(bucket, new Manifest.DayRange(first, TODAY, 100 - bucket));
        }
        // 16 / 8 = 2 of them, the odd ones added longest ago: 15 (since 85) and 13 (since 87).
        assertThat(Publisher.folded(ranges)).containsExactly(13, 15);
    }

    @Test
    void aRangeTooLongForTheDeltasIsFoldedAtOnce() {
        SortedMap<Integer, Manifest.DayRange> ranges = new TreeMap<>();
        ranges.put(0, new Manifest.DayRange(TODAY, TODAY, 1));
        ranges.put(1, new Manifest.DayRange(TODAY - Publisher.MAX_DELTA_DAYS, TODAY, 2));
        assertThat(Publisher.folded(ranges)).containsExactly(1);
    }
}
