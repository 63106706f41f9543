package org.sensorsandmore.sql.materialized;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Adds readings to {@link SensorDayCells} on a thread of its own, a slice of arrays at a time,
 * while the thread that reads them out of DuckDB fills the next slice.
 *
 * <p>A rebuild's read was bound by its one thread: DuckDB's Arrow export of each batch and the
 * cells' additions (one cache miss per reading) took turns on it while the second core was mostly
 * idle. Here the two overlap. The cells stay filled by one thread (this one's), so {@link
 * SensorDayCells} needs no locking; the caller reads them once {@link #finish()} returned, which
 * joins this thread and so sees every addition.
 *
 * <p>Three slices circulate: one being added, one being filled, one ready. The reader fills a
 * slice taken from {@link #emptySlice()} and hands it over with {@link #add}; {@link #finish()}
 * waits for the last one and throws what adding threw. Not thread-safe: one reader.
 */
final class SliceAdder implements AutoCloseable {
    /** The slices in circulation. */
    private static final int SLICES = 3;

    /** How long the reader waits for a slice before it looks whether the adding thread still runs. */
    private static final long WAIT_MILLIS = 100;

    /** Handed over after the last slice: the adding thread ends. */
    private static final Slice END = new Slice(0);

    /** Readings as columns of arrays, in the order {@link SensorDayCells#add} takes them. */
    static final class Slice {
        int[] storeIds;
        int[] sensorIds;
        int[] epochHours;
        int[] visits;
        /** Bit {@code i % 64} of word {@code i / 64}: set when reading {@code i} did not fail. */
        long[] counted;

        int rows;

        private Slice(int capacity) {
            reserve(capacity);
        }

        /** Makes room for {@code count} readings; the values held are lost when it grows. */
        void reserve(int count) {
            if (storeIds != null && storeIds.length >= count) {
                return;
            }
            storeIds = new int[count];
            sensorIds = new int[count];
            epochHours = new int[count];
            visits = new int[count];
            counted = new long[(count + 63) / 64];
        }
    }

    private final BlockingQueue<Slice> empty = new ArrayBlockingQueue<>(SLICES);
    /** One more than the slices, for {@link #END}: the reader never waits to hand one over. */
    private final BlockingQueue<Slice> filled = new ArrayBlockingQueue<>(SLICES + 1);

    private final Thread thread;
    /** What adding threw; once set, the thread only returns slices until {@link #END}. */
    private volatile RuntimeException failure;

    private boolean ended;

    /**
     * Starts the adding thread.
     *
     * @param cells the cells to add to; not touched by any other thread until {@link #finish()}
     * @param capacity the readings a slice holds at first
     */
    SliceAdder(SensorDayCells cells, int capacity) {
        for (int i = 0; i < SLICES; i++) {
            empty.add(new Slice(capacity));
        }
        thread = new Thread(() -> addUntilEnd(cells), "sensors-rebuild-add");
        // A reader that fails and is not closed must not keep the JVM from exiting.
        thread.setDaemon(true);
        thread.start();
    }

    private void addUntilEnd(SensorDayCells cells) {
        while (true) {
            Slice slice;
            try {
                slice = filled.take();
            } catch (InterruptedException e) {
                // Nothing interrupts this thread but the JVM's end; the reader sees no END taken.
                failure = new IllegalStateException("The rebuild's adding thread was interrupted");
                return;
            }
            if (slice == END) {
                return;
            }
            if (failure == null) {
                try {
                    add(cells, slice);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            empty.add(slice);
        }
    }

    private static void add(SensorDayCells cells, Slice slice) {
        int[] storeIds = slice.storeIds;
        int[] sensorIds = slice.sensorIds;
        int[] epochHours = slice.epochHours;
        int[] visits = slice.visits;
        long[] counted = slice.counted;
        for (int i = 0, n = slice.rows; i < n; i++) {
            boolean failed = (counted[i >>> 6] >>> i & 1) == 0;
            cells.add(storeIds[i], sensorIds[i], epochHours[i], visits[i], failed);
        }
    }

    /**
     * @return a slice to fill, once the adding thread gave one back
     * @throws RuntimeException what adding threw, so that the reader stops early
     * @throws InterruptedException when interrupted while it waits
     */
    Slice emptySlice() throws InterruptedException {
        while (true) {
            throwFailure();
            Slice slice = empty.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (slice != null) {
                return slice;
            }
            if (!thread.isAlive()) {
                throw new IllegalStateException("The rebuild's adding thread ended before the readings did");
            }
        }
    }

    /** Hands a filled slice over, its {@link Slice#rows} set; never waits. */
    void add(Slice slice) {
        filled.add(slice);
    }

    /**
     * Waits until every slice handed over was added.
     *
     * @throws RuntimeException what adding threw
     * @throws InterruptedException when interrupted while it waits
     */
    void finish() throws InterruptedException {
        end();
        thread.join();
        throwFailure();
    }

    private void throwFailure() {
        RuntimeException thrown = failure;
        if (thrown != null) {
            throw thrown;
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            filled.add(END);
        }
    }

    /**
     * Ends the adding thread after the slices handed over, without waiting: after a failure of the
     * reader the cells are dropped anyway. Idempotent.
     */
    @Override
    public void close() {
        end();
    }
}
