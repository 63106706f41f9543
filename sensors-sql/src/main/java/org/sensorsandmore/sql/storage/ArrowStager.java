package org.sensorsandmore.sql.storage;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands rows to DuckDB as Arrow vectors through the C data interface: about ten times the
 * Appender's rate here. Arrow's memory module needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
 * on the JVM; {@link #available()} tries it once, and the {@link Loader} falls back to the Appender
 * when it fails.
 *
 * <p>The rows reach DuckDB as an Arrow stream of slices that the caller's reader fills as DuckDB
 * asks for them: DuckDB reads a stream with all its threads (one at a time asks for the next slice;
 * each converts and inserts its own).
 */
public final class ArrowStager {
    private static final Logger LOG = LoggerFactory.getLogger(ArrowStager.class);

    /**
     * Rows per Arrow slice: a multiple of 64, so a slice's validity is whole words, and few enough
     * that a slice of sensor-day rows (31 columns) stays in the processor's cache until copied.
     */
    static final int SLICE_ROWS = 1 << 12;

    /** Set to {@code true} to write through the Appender even when Arrow works (tests, diagnosis). */
    static final String DISABLE_PROPERTY = "sensors.sql.arrow.disabled";

    private static volatile Boolean available;

    /** The inserts through Arrow this JVM made: whether an ingest took Arrow shows here (tests). */
    static final AtomicInteger STARTED = new AtomicInteger();

    private ArrowStager() {}

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
                        LOG.debug("Rows reach DuckDB through Arrow");
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
     * Inserts the rows of a reader into a table, whose columns they have in order; only when {@link
     * #available()}.
     *
     * @param connection the connection, in the caller's transaction
     * @param rows makes the reader, from the allocator its vectors are to come from
     * @param table the table, as an INSERT names it
     * @throws SQLException when the database fails
     */
    static void insert(DuckDBConnection connection, Function<BufferAllocator, ArrowReader> rows, String table)
            throws SQLException {
        String name = "arrow_rows_" + STARTED.incrementAndGet();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowReader reader = rows.apply(allocator);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(name, stream);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + table + " SELECT * FROM " + name);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot hand rows to DuckDB as Arrow: " + e, e);
        }
    }
}
