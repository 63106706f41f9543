package org.sensorsandmore.sql;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.ReadingBatch;

/**
 * Remembers which (store, sensor, hour) keys one ingest has seen, to know whether it holds a key
 * twice. When it cannot (no key repeats), the merge skips the de-duplicating window over all staged
 * rows, the costliest step of a large first load.
 *
 * <p>One bit per hour per sensor, from a base a little more than a year before the sensor's first
 * hour: a year of 4,000 sensors takes about 10 MB. An hour before the base makes the answer
 * "maybe", which costs only the window. Not thread-safe.
 */
final class KeyTracker {
    /** How far before its first hour a sensor's bits start. */
    private static final int SLACK_HOURS = 400 * 24;

    private final Map<String, List<Seen>> stores = new HashMap<>();
    private boolean maybeRepeated;

    private static final class Seen {
        final int base;
        final BitSet hours = new BitSet();

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
        List<List<Seen>> byIndex = new ArrayList<>(names.size());
        for (String name : names) {
            byIndex.add(stores.computeIfAbsent(name, n -> new ArrayList<>()));
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            List<Seen> sensors = byIndex.get(batch.storeIndex(i));
            int sensor = batch.sensorId(i);
            int hour = batch.epochHour(i);
            while (sensors.size() <= sensor) {
                sensors.add(null);
            }
            Seen seen = sensors.get(sensor);
            if (seen == null) {
                seen = new Seen(hour - SLACK_HOURS);
                sensors.set(sensor, seen);
            }
            int bit = hour - seen.base;
            if (bit < 0 || seen.hours.get(bit)) {
                maybeRepeated = true;
                return;
            }
            seen.hours.set(bit);
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
