package org.sensorsandmore.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages readings by handing DuckDB Arrow vectors through the C data interface: about ten times the
 * Appender's rate here. Arrow's memory module needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
 * on the JVM; {@link #available()} tries it once, and the {@link Loader} falls back to the Appender
 * when it fails.
 *
 * <p>Rows gather in vectors of {@link #CHUNK_ROWS}; each full chunk is exported as an Arrow stream
 * and inserted into {@code staging} with one statement. Not thread-safe.
 */
final class ArrowStager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArrowStager.class);

    static final int CHUNK_ROWS = 1 << 20;

    /** Set to {@code true} to stage through the Appender even when Arrow works (tests, diagnosis). */
    static final String DISABLE_PROPERTY = "sensors.sql.arrow.disabled";

    private static volatile Boolean available;

    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final BigIntVector seq;
    private final VarCharVector store;
    private final IntVector sensor;
    private final BigIntVector hour;
    private final TinyIntVector status;
    private final IntVector visits;
    private final BitVector anomaly;
    private int rows;
    private int chunks;

    ArrowStager(DuckDBConnection connection) {
        this.connection = connection;
        this.allocator = new RootAllocator();
        this.seq = new BigIntVector("seq", allocator);
        this.store = new VarCharVector("store", allocator);
        this.sensor = new IntVector("sensor_id", allocator);
        this.hour = new BigIntVector("epoch_hour", allocator);
        this.status = new TinyIntVector("status", allocator);
        this.visits = new IntVector("visits", allocator);
        this.anomaly = new BitVector("anomaly", allocator);
        this.root = new VectorSchemaRoot(List.of(seq, store, sensor, hour, status, visits, anomaly));
        root.allocateNew();
    }

    /**
     * @return whether Arrow works in this JVM (its memory module can open {@code java.nio}); tried
     *     once, logged once
     */
    static boolean available() {
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
     * @param batch rows to stage
     * @param firstSeq the sequence number of the batch's first row
     * @throws SQLException when a full chunk cannot be inserted
     */
    void append(ReadingBatch batch, long firstSeq) throws SQLException {
        List<String> names = batch.storeNames();
        byte[][] encoded = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            encoded[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            if (rows == CHUNK_ROWS) {
                flush();
            }
            seq.setSafe(rows, firstSeq + i);
            store.setSafe(rows, encoded[batch.storeIndex(i)]);
            sensor.setSafe(rows, batch.sensorId(i));
            hour.setSafe(rows, batch.epochHour(i));
            ReadingStatus readingStatus = batch.status(i);
            status.setSafe(rows, Loader.code(readingStatus));
            if (readingStatus == ReadingStatus.FAILED) {
                visits.setNull(rows);
            } else {
                visits.setSafe(rows, batch.visits(i));
            }
            anomaly.setSafe(rows, batch.anomaly(i) ? 1 : 0);
            rows++;
        }
    }

    /**
     * Inserts the gathered rows into {@code staging}.
     *
     * @throws SQLException when DuckDB fails
     */
    void flush() throws SQLException {
        if (rows == 0) {
            return;
        }
        root.setRowCount(rows);
        String name = "arrow_chunk_" + chunks++;
        try (ArrowReader reader = new OneChunk(allocator, root);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(name, stream);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO staging SELECT * FROM " + name);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot hand readings to DuckDB as Arrow: " + e, e);
        }
        root.clear();
        root.allocateNew();
        rows = 0;
    }

    @Override
    public void close() {
        root.close();
        allocator.close();
    }

    /** An Arrow stream of one chunk: the vectors as they stand. */
    private static final class OneChunk extends ArrowReader {
        private final VectorSchemaRoot chunk;
        private boolean given;

        OneChunk(BufferAllocator allocator, VectorSchemaRoot chunk) {
            super(allocator);
            this.chunk = chunk;
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() {
            return chunk;
        }

        @Override
        public boolean loadNextBatch() {
            if (given) {
                return false;
            }
            given = true;
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
            return chunk.getSchema();
        }
    }
}
