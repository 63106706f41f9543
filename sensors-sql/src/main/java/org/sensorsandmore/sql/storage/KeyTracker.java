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
 * <p>One bit per hour per sensor, from a base a little more than a year before the first hour seen.
 * The bits lie by blocks of 64 hours, and in a block by sensor, the sensors numbered as they are
 * first seen: a stream in time order (every sensor of an hour, then the next hour, as the API sends
 * them) reads and writes consecutive words, where bits kept by sensor took a cache miss per reading
 * (1.6 s of a 35 M-reading catch-up's main thread, against the parsing's 3 s). A stream by sensor
 * (the original's CSV) stays within one word for 64 hours. A year of 4,000 sensors takes about 4 MB.
 * An hour before the base, or a century after it, makes the answer "maybe", which costs only the
 * window. Not thread-safe.
 */
final class KeyTracker {
    /** How far before the first hour seen the bits start. */
    private static final int SLACK_HOURS = 400 * 24;

    /** Hours per block: the bits of one word. */
    private static final int BLOCK_HOURS = Long.SIZE;

    /** Blocks after the base before an hour makes the answer "maybe": a century, bounding the memory. */
    private static final int MAX_BLOCKS = 100 * 366 * 24 / BLOCK_HOURS;

    /** Each store's sensors' numbers by sensor id; -1 where a sensor has not been seen. */
    private final Map<String, int[]> numbers = new HashMap<>();

    /** Sensors numbered so far. */
    private int sensors;

    /** The hour of bit 0 of block 0; set by the first reading. */
    private int base;

    /** Per block of hours from the base, a word per sensor number; null until a reading falls in it. */
    private long[][] blocks = new long[0][];

    private boolean maybeRepeated;

    /** @param batch rows being staged */
    void add(ReadingBatch batch) {
        if (maybeRepeated || batch.isEmpty()) {
            return;
        }
        if (blocks.length == 0) {
            base = batch.epochHour(0) - SLACK_HOURS;
            blocks = new long[(SLACK_HOURS / BLOCK_HOURS) * 2][];
        }
        List<String> names = batch.storeNames();
        int[][] byIndex = new int[names.size()][];
        for (int i = 0, n = batch.size(); i < n; i++) {
            int store = batch.storeIndex(i);
            int sensor = batch.sensorId(i);
            if (sensor < 0) {
                maybeRepeated = true;
                return;
            }
            int[] storeNumbers = byIndex[store];
            if (storeNumbers == null || sensor >= storeNumbers.length || storeNumbers[sensor] < 0) {
                storeNumbers = number(names.get(store), sensor);
                byIndex[store] = storeNumbers;
            }
            int number = storeNumbers[sensor];
            int bit = batch.epochHour(i) - base;
            if (bit < 0 || bit / BLOCK_HOURS >= MAX_BLOCKS) {
                maybeRepeated = true;
                return;
            }
            long[] words = block(bit / BLOCK_HOURS, number);
            long mask = 1L << bit;
            if ((words[number] & mask) != 0) {
                maybeRepeated = true;
                return;
            }
            words[number] |= mask;
        }
    }

    /** @return the store's numbers, in which the sensor now has one */
    private int[] number(String store, int sensor) {
        int[] storeNumbers = numbers.get(store);
        if (storeNumbers == null || sensor >= storeNumbers.length) {
            int length =
                    storeNumbers == null ? Math.max(16, sensor + 1) : Math.max(sensor + 1, 2 * storeNumbers.length);
            int[] grown = new int[length];
            Arrays.fill(grown, -1);
            if (storeNumbers != null) {
                System.arraycopy(storeNumbers, 0, grown, 0, storeNumbers.length);
            }
            storeNumbers = grown;
            numbers.put(store, storeNumbers);
        }
        if (storeNumbers[sensor] < 0) {
            storeNumbers[sensor] = sensors++;
        }
        return storeNumbers;
    }

    /** @return the words of a block, holding a word for the sensor number */
    private long[] block(int block, int number) {
        if (block >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(block + 1, 2 * blocks.length));
        }
        long[] words = blocks[block];
        if (words == null || number >= words.length) {
            long[] grown = new long[Math.max(number + 1, Math.max(sensors, words == null ? 0 : 2 * words.length))];
            if (words != null) {
                System.arraycopy(words, 0, grown, 0, words.length);
            }
            words = grown;
            blocks[block] = words;
        }
        return words;
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
