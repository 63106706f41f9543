package org.sensorsandmore.sql.storage;

import java.io.IOException;
import java.nio.LongBuffer;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands readings to DuckDB as Arrow vectors through the C data interface: about ten times the
 * Appender's rate here. Arrow's memory module needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
 * on the JVM; {@link #available()} tries it once, and the {@link Loader} falls back to the Appender
 * when it fails.
 *
 * <p>Rows gather in Java arrays, a chunk of {@link #CHUNK_ROWS} at a time. A full chunk is inserted,
 * into {@code readings} or into the loader's {@code staging} table ({@link Target}), by a thread of
 * this stager's own while the caller gathers the next chunk into a second set of arrays: DuckDB's
 * work and the caller's overlap. The chunk reaches DuckDB as an Arrow stream of slices, copied into
 * vectors in bulk as DuckDB asks for them (setting vectors value by value costs a bounds check
 * each). Only that thread uses the connection while an insert runs: the loader calls {@link
 * #await()} before any statement of its own. Not thread-safe otherwise.
 */
public final class ArrowStager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArrowStager.class);

    /** The rows of a chunk, inserted at once while the next is gathered. */
    public static final int CHUNK_ROWS = 1 << 20;

    /** Rows per Arrow batch handed over: a multiple of 64, so a slice starts on a whole word of bits. */
    static final int SLICE_ROWS = 1 << 16;

    /** Set to {@code true} to stage through the Appender even when Arrow works (tests, diagnosis). */
    static final String DISABLE_PROPERTY = "sensors.sql.arrow.disabled";

    /** Where a chunk goes. */
    enum Target {
        /** Straight into the table, for readings that cannot collide with stored ones. */
        READINGS("INSERT INTO readings SELECT " + Loader.COLUMNS + " FROM "),
        /** Into the loader's temporary table, to be merged by key. */
        STAGING("INSERT INTO staging SELECT * FROM ");

        private final String insert;

        Target(String insert) {
            this.insert = insert;
        }
    }

    private static volatile Boolean available;

    /** The stagers this JVM started: whether an ingest took Arrow shows here (tests). */
    static final AtomicInteger STARTED = new AtomicInteger();

    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final BigIntVector seq;
    private final IntVector store;
    private final IntVector sensor;
    private final IntVector hour;
    private final TinyIntVector status;
    private final IntVector visits;
    private final BitVector anomaly;
    private final ExecutorService inserter;

    /** The chunk being gathered, and the other one, being inserted or free. */
    private Chunk gathering = new Chunk();

    private Chunk spare = new Chunk();
    private Future<?> inserting;
    private int chunks;

    /** One chunk of rows, column by column. */
    private static final class Chunk {
        final int[] storeIds = new int[CHUNK_ROWS];
        final int[] sensorIds = new int[CHUNK_ROWS];
        final int[] epochHours = new int[CHUNK_ROWS];
        final byte[] statuses = new byte[CHUNK_ROWS];
        final int[] visitCounts = new int[CHUNK_ROWS];
        /** Arrow's bit layout: bit {@code i % 64} of word {@code i / 64}, little-endian. */
        final long[] visitsValid = new long[CHUNK_ROWS / 64];

        final long[] anomalies = new long[CHUNK_ROWS / 64];
        long firstSeq;
        Target target = Target.READINGS;
        int rows;
    }

    ArrowStager(DuckDBConnection connection) {
        STARTED.incrementAndGet();
        this.connection = connection;
        this.allocator = new RootAllocator();
        this.seq = new BigIntVector("seq", allocator);
        this.store = new IntVector("store_id", allocator);
        this.sensor = new IntVector("sensor_id", allocator);
        this.hour = new IntVector("epoch_hour", allocator);
        this.status = new TinyIntVector("status", allocator);
        this.visits = new IntVector("visits", allocator);
        this.anomaly = new BitVector("anomaly", allocator);
        this.root = new VectorSchemaRoot(List.of(seq, store, sensor, hour, status, visits, anomaly));
        this.inserter = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "sensors-arrow-insert");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @return whether Arrow works in this JVM (its memory module can open {@code java.nio}); tried
     *     once, logged once
     */
    public static boolean available() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return false;
        }
        Boolean known = available;
        if (known == null) {
            synchronized (ArrowStager.class) {
                known = available;
                if (known == null) {
                    String failure = probe();
                    known = failure == null;
                    if (known) {
                        LOG.debug("Ingest stages readings through Arrow");
                    } else {
                        LOG.info(
                                "Ingest uses DuckDB's Appender, about ten times slower than Arrow: start the JVM with"
                                        + " --add-opens=java.base/java.nio=ALL-UNNAMED to enable Arrow ({})",
                                failure);
                    }
                    available = known;
                }
            }
        }
        return known;
    }

    /** @return why Arrow cannot work in this JVM, or null when it can */
    private static String probe() {
        // Asked first: Arrow's memory module prints a stack trace when it finds java.nio closed, and
        // a library must not print one to its users.
        if (!Object.class.getModule().isOpen("java.nio", BufferAllocator.class.getModule())) {
            return "java.nio is not open to Arrow";
        }
        try (BufferAllocator probe = new RootAllocator();
                IntVector vector = new IntVector("probe", probe)) {
            vector.allocateNew(1);
            vector.set(0, 1);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    /**
     * @param batch rows to hand over
     * @param ids the database's number of each of the batch's stores, by the batch's index
     * @param batchSeq the sequence number of the batch's first row: rows are numbered in the order
     *     given, without gaps
     * @param to where the rows go: what is gathered for another target must be flushed first
     * @throws SQLException when an earlier chunk could not be inserted
     */
    void append(ReadingBatch batch, int[] ids, long batchSeq, Target to) throws SQLException {
        Chunk chunk = gathering;
        if (chunk.rows > 0 && to != chunk.target) {
            throw new IllegalStateException(
                    "Rows for " + chunk.target + " are gathered: flush them before adding rows for " + to);
        }
        chunk.target = to;
        for (int i = 0, n = batch.size(); i < n; i++) {
            if (chunk.rows == CHUNK_ROWS) {
                flush();
                chunk = gathering;
                chunk.target = to;
            }
            int row = chunk.rows;
            if (row == 0) {
                chunk.firstSeq = batchSeq + i;
                Arrays.fill(chunk.visitsValid, 0);
                Arrays.fill(chunk.anomalies, 0);
            }
            chunk.storeIds[row] = ids[batch.storeIndex(i)];
            chunk.sensorIds[row] = batch.sensorId(i);
            chunk.epochHours[row] = batch.epochHour(i);
            ReadingStatus readingStatus = batch.status(i);
            chunk.statuses[row] = readingStatus.code();
            if (readingStatus != ReadingStatus.FAILED) {
                chunk.visitCounts[row] = batch.visits(i);
                chunk.visitsValid[row >>> 6] |= 1L << row;
            }
            if (batch.anomaly(i)) {
                chunk.anomalies[row >>> 6] |= 1L << row;
            }
            chunk.rows = row + 1;
        }
    }

    /**
     * Starts inserting the gathered rows on this stager's thread, once the insert before has ended;
     * {@link #await()} waits for it.
     *
     * @throws SQLException when the insert before failed
     */
    void flush() throws SQLException {
        if (gathering.rows == 0) {
            return;
        }
        await();
        Chunk full = gathering;
        gathering = spare;
        gathering.rows = 0;
        spare = full;
        String name = "arrow_chunk_" + chunks++;
        inserting = inserter.submit(() -> {
            insert(full, name);
            return null;
        });
    }

    /**
     * Waits for the insert in progress, if any: the connection is free when this returns.
     *
     * @throws SQLException when it failed
     */
    void await() throws SQLException {
        Future<?> pending = inserting;
        if (pending == null) {
            return;
        }
        inserting = null;
        try {
            pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException("Cannot hand readings to DuckDB as Arrow: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while readings were inserted", e);
        }
    }

    /** Flushes what is gathered and waits until it is inserted. */
    void drain() throws SQLException {
        flush();
        await();
    }

    private void insert(Chunk chunk, String name) throws SQLException {
        try (ArrowReader reader = new Slices(allocator, chunk);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(name, stream);
            try (Statement statement = connection.createStatement()) {
                statement.execute(chunk.target.insert + name);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot hand readings to DuckDB as Arrow: " + e, e);
        } finally {
            root.clear();
        }
    }

    /**
     * Copies rows of a chunk into freshly allocated vectors: the buffers of the slice before stay
     * with DuckDB, which releases them when it has read them.
     *
     * @param from the first row, a multiple of 64
     * @param count the rows
     */
    private void fillVectors(Chunk chunk, int from, int count) {
        int words = (count + 63) >>> 6;
        seq.allocateNew(count);
        LongBuffer seqs = ArrowVectors.longs(seq.getDataBuffer(), count);
        for (int i = 0; i < count; i++) {
            seqs.put(i, chunk.firstSeq + from + i);
        }
        ArrowVectors.fill(store, chunk.storeIds, from, count);
        ArrowVectors.fill(sensor, chunk.sensorIds, from, count);
        ArrowVectors.fill(hour, chunk.epochHours, from, count);
        status.allocateNew(count);
        status.getDataBuffer().setBytes(0, chunk.statuses, from, count);
        ArrowVectors.fill(visits, chunk.visitCounts, from, count);
        ArrowVectors.validity(visits, chunk.visitsValid, from >>> 6, count);
        anomaly.allocateNew(count);
        ArrowVectors.longs(anomaly.getDataBuffer(), words).put(chunk.anomalies, from >>> 6, words);
        for (BaseFixedWidthVector vector : List.<BaseFixedWidthVector>of(seq, store, sensor, hour, status, anomaly)) {
            ArrowVectors.allValid(vector, count);
        }
        root.setRowCount(count);
    }

    @Override
    public void close() {
        try {
            await();
        } catch (SQLException | RuntimeException e) {
            // Closing after a failure: the caller rolls the transaction back anyway.
        }
        inserter.shutdown();
        root.close();
        allocator.close();
    }

    /**
     * A chunk as an Arrow stream of slices of {@link #SLICE_ROWS}. DuckDB reads a stream of several
     * batches with all its threads (one at a time asks for the next batch; each converts and inserts
     * its own).
     */
    private final class Slices extends ArrowReader {
        private final Chunk chunk;
        private int next;

        Slices(BufferAllocator allocator, Chunk chunk) {
            super(allocator);
            this.chunk = chunk;
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() {
            return root;
        }

        @Override
        public boolean loadNextBatch() {
            if (next >= chunk.rows) {
                return false;
            }
            int count = Math.min(SLICE_ROWS, chunk.rows - next);
            fillVectors(chunk, next, count);
            next += count;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {}

        @Override
        protected Schema readSchema() {
            return root.getSchema();
        }
    }
}
