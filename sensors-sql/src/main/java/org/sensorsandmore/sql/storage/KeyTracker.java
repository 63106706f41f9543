package org.sensorsandmore.sql.storage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.ReadingBatch;

/**
 * Remembers which (store, sensor, hour) keys one ingest has seen, to know whether it holds a key
 * twice. While no key repeats, the loader may write readings straight into the table, and the merge
 * of what is staged skips its de-duplicating window.
 *
 * <p>One bit per hour per sensor, from a base a little more than a year before the sensor's first
 * hour: a year of 4,000 sensors takes about 10 MB. An hour before the base makes the answer
 * "maybe", which costs only the window. Not thread-safe.
 */
final class KeyTracker {
    /** How far before its first hour a sensor's bits start. */
    private static final int SLACK_HOURS = 400 * 24;

    /** Each store's sensors by sensor id; null where a sensor has not been seen. */
    private final Map<String, Seen[]> stores = new HashMap<>();

    private boolean maybeRepeated;

    /** The hours seen of one sensor: bit {@code hour - base} of {@code words}. */
    private static final class Seen {
        final int base;
        long[] words = new long[(SLACK_HOURS >>> 6) + 16];

        Seen(int base) {
            this.base = base;
        }
    }

    /** @param batch rows being staged */
    void add(ReadingBatch batch) {
        if (maybeRepeated) {
            return;
        }
        List<String> names = batch.storeNames();
        Seen[][] byIndex = new Seen[names.size()][];
        for (int i = 0; i < byIndex.length; i++) {
            byIndex[i] = stores.getOrDefault(names.get(i), new Seen[0]);
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            int store = batch.storeIndex(i);
            Seen[] sensors = byIndex[store];
            int sensor = batch.sensorId(i);
            if (sensor >= sensors.length) {
                sensors = Arrays.copyOf(sensors, Math.max(sensor + 1, 2 * sensors.length));
                byIndex[store] = sensors;
                stores.put(names.get(store), sensors);
            }
            Seen seen = sensors[sensor];
            int hour = batch.epochHour(i);
            if (seen == null) {
                seen = new Seen(hour - SLACK_HOURS);
                sensors[sensor] = seen;
            }
            int bit = hour - seen.base;
            if (bit < 0) {
                maybeRepeated = true;
                return;
            }
            int word = bit >>> 6;
            if (word >= seen.words.length) {
                seen.words = Arrays.copyOf(seen.words, Math.max(word + 1, 2 * seen.words.length));
            }
            long mask = 1L << bit;
            if ((seen.words[word] & mask) != 0) {
                maybeRepeated = true;
                return;
            }
            seen.words[word] |= mask;
        }
    }

    /** Rows staged by other means (a parquet file) are not tracked: they may repeat keys. */
    void untracked() {
        maybeRepeated = true;
    }

    /** @return false only when every key was seen once */
    boolean maybeRepeated() {
        return maybeRepeated;
    }
}
