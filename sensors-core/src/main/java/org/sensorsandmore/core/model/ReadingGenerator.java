package org.sensorsandmore.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.check.Require;
import org.sensorsandmore.core.concurrent.Futures;

/**
 * Generates the readings of a whole network over a window, in column batches, at memory speed.
 *
 * <p>Rows come hour by hour; within an hour, store by store in network order; within a store,
 * sensor 0, 1, 2… So the readings of {@code [a, c)} are those of {@code [a, b)} followed by those of
 * {@code [b, c)}, and the output is the same whatever the thread count or batch size. Batches hold
 * whole hours and are reused: memory stays bounded however long the window.
 *
 * <pre>{@code
 * ReadingGenerator generator = ReadingGenerator.of(new FootfallModel(), StoreNetwork.original())
 *         .withThreads(2);
 * generator.generate(HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)), batch -> {
 *     // write the batch somewhere
 * });
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; each {@code generate} call uses threads of its own.
 */
public final class ReadingGenerator {
    /** The rows a batch aims at by default: large enough to amortise a call, small enough for cache. */
    public static final int DEFAULT_BATCH_ROWS = 1 << 15;

    private final TrafficModel model;
    private final StoreNetwork network;
    private final int threads;
    private final int batchRows;

    private ReadingGenerator(TrafficModel model, StoreNetwork network, int threads, int batchRows) {
        this.model = Objects.requireNonNull(model, "model");
        this.network = Objects.requireNonNull(network, "network");
        this.threads = Require.atLeast(threads, 1, "threads");
        this.batchRows = Require.atLeast(batchRows, 1, "batchRows");
    }

    /**
     * @param model the traffic model
     * @param network the stores to generate for
     * @return a single-threaded generator
     */
    public static ReadingGenerator of(TrafficModel model, StoreNetwork network) {
        return new ReadingGenerator(model, network, 1, DEFAULT_BATCH_ROWS);
    }

    /**
     * @param count the threads that compute batches (the caller's thread hands them to the sink)
     * @return a copy with that many threads
     */
    public ReadingGenerator withThreads(int count) {
        return new ReadingGenerator(model, network, count, batchRows);
    }

    /**
     * @param rows the rows a batch aims at; a batch always holds at least one whole hour
     * @return a copy with that batch size
     */
    public ReadingGenerator withBatchRows(int rows) {
        return new ReadingGenerator(model, network, threads, rows);
    }

    /**
     * @param stores the stores to generate for instead
     * @return a copy for those stores, with the same model, threads and batch size
     */
    public ReadingGenerator withNetwork(StoreNetwork stores) {
        return new ReadingGenerator(model, stores, threads, batchRows);
    }

    /** @return the network it generates for */
    public StoreNetwork network() {
        return network;
    }

    /** @return the model it generates with */
    public TrafficModel model() {
        return model;
    }

    /**
     * Generates every reading of the window and hands them to the sink, in order.
     *
     * @param window the hours
     * @param sink where the batches go; called from the calling thread only
     * @throws SensorsException when generation fails on a worker thread; exceptions of the sink pass
     *     through as they are
     */
    public void generate(HourWindow window, ReadingSink sink) {
        Objects.requireNonNull(sink, "sink");
        int hoursPerBatch = Math.max(1, batchRows / network.sensorCount());
        List<HourWindow> chunks = window.chunks(hoursPerBatch);
        if (threads == 1 || chunks.size() < 2) {
            ReadingBatch batch = newBatch(hoursPerBatch);
            for (HourWindow chunk : chunks) {
                fill(chunk, batch);
                sink.accept(batch);
            }
            return;
        }
        generateInParallel(chunks, hoursPerBatch, sink);
    }

    /**
     * @param window the hours
     * @return every reading of the window as values (for small windows and tests)
     */
    public List<Reading> readings(HourWindow window) {
        List<Reading> list = new ArrayList<>();
        generate(window, ReadingSink.into(list));
        return list;
    }

    private void generateInParallel(List<HourWindow> chunks, int hoursPerBatch, ReadingSink sink) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        // At most two batches per thread are in flight, so memory stays bounded on any window.
        int inFlight = threads * 2;
        Deque<ReadingBatch> free = new ArrayDeque<>();
        for (int i = 0; i < inFlight; i++) {
            free.add(newBatch(hoursPerBatch));
        }
        Deque<Future<ReadingBatch>> pending = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < chunks.size() || !pending.isEmpty()) {
                while (next < chunks.size() && !free.isEmpty()) {
                    HourWindow chunk = chunks.get(next++);
                    ReadingBatch batch = free.poll();
                    pending.add(pool.submit(() -> {
                        fill(chunk, batch);
                        return batch;
                    }));
                }
                ReadingBatch done = Futures.await(
                        pending.poll(),
                        "Interrupted while generating readings",
                        "Generating readings failed",
                        SensorsException::new);
                sink.accept(done);
                free.add(done);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ReadingBatch newBatch(int hoursPerBatch) {
        return ReadingBatch.create(network.names(), hoursPerBatch * network.sensorCount());
    }

    /** Fills the batch with the rows of one chunk: coordinates first, then each store's values. */
    private void fill(HourWindow chunk, ReadingBatch batch) {
        int stride = network.sensorCount();
        int hours = Math.toIntExact(chunk.hours());
        int first = chunk.fromEpochHour();
        batch.resize(hours * stride);
        List<Store> stores = network.stores();
        int row = 0;
        for (int i = 0; i < hours; i++) {
            for (int s = 0; s < stores.size(); s++) {
                int sensors = stores.get(s).sensorCount();
                for (int k = 0; k < sensors; k++) {
                    batch.setCoordinates(row++, s, k, first + i);
                }
            }
        }
        int offset = 0;
        for (Store store : stores) {
            model.fill(store, first, hours, batch, offset, stride);
            offset += store.sensorCount();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sensors-generator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
