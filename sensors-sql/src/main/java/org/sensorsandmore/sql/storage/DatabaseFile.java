package org.sensorsandmore.sql.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import org.sensorsandmore.sql.WarehouseException;

/**
 * Checks that a file is a whole DuckDB database before DuckDB opens it, from its headers alone.
 *
 * <p>DuckDB opens some files that are not databases (a short CSV file) as if they were new ones, and
 * opens a truncated database only to fail on the first read of a missing block, inside a
 * transaction: a pipeline would then retry, log nothing and grow the file. A file is refused when it
 * does not start with DuckDB's header, or is shorter than the blocks its newest header counts.
 *
 * <p>The layout read here, DuckDB's single-file storage (1.x and 2.x): a main header at 0 whose
 * bytes 8 to 11 are {@code DUCK}, then two database headers at 4096 and 8192 (the newer one, by
 * iteration, is in force), each a checksum followed by little-endian 64-bit fields: iteration, meta
 * block, free list, block count, block size; the blocks follow from byte 12288.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class DatabaseFile {
    private static final int HEADER_BYTES = 4096;
    private static final byte[] MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC_OFFSET = 8;
    private static final int ITERATION = 8;
    private static final int BLOCK_COUNT = 32;
    private static final int BLOCK_SIZE = 40;

    private DatabaseFile() {}

    /**
     * Refuses a file DuckDB should not open: a folder, a file that is not a DuckDB database, a
     * truncated database. A missing or empty file passes: DuckDB creates a database there.
     *
     * @param file the database file
     * @param where the file as the user named it, for messages
     * @throws WarehouseException naming what the file is instead
     */
    public static void check(Path file, String where) {
        if (Files.isDirectory(file)) {
            throw refused(where, "it is a folder");
        }
        if (!Files.exists(file)) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw refused(where, "it is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return;
            }
            ByteBuffer headers = ByteBuffer.allocate(3 * HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (headers.hasRemaining() && channel.read(headers) > 0) {
                // read the three headers, or as much of them as the file has
            }
            byte[] bytes = headers.array();
            if (headers.position() < 3 * HEADER_BYTES
                    || !Arrays.equals(bytes, MAGIC_OFFSET, MAGIC_OFFSET + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw refused(where, "it is not a DuckDB database (it does not start with DuckDB's header)");
            }
            int newer = headers.getLong(HEADER_BYTES + ITERATION) >= headers.getLong(2 * HEADER_BYTES + ITERATION)
                    ? HEADER_BYTES
                    : 2 * HEADER_BYTES;
            long blocks = headers.getLong(newer + BLOCK_COUNT);
            long blockSize = headers.getLong(newer + BLOCK_SIZE);
            // A field this check does not understand (another storage version) is no reason to refuse.
            boolean understood = blocks >= 0
                    && blocks < (1L << 40)
                    && blockSize >= HEADER_BYTES
                    && blockSize <= (1L << 30)
                    && Long.bitCount(blockSize) == 1;
            long expected = 3L * HEADER_BYTES + blocks * blockSize;
            if (understood && size < expected) {
                throw refused(
                        where,
                        String.format(
                                Locale.ROOT,
                                "the file is truncated: it holds %,d bytes of the %,d its header counts"
                                        + " (restore it from a copy, or move it away to start afresh)",
                                size,
                                expected));
            }
        } catch (IOException e) {
            throw new WarehouseException("Cannot read the database " + where + ": " + e.getMessage(), e);
        }
    }

    private static WarehouseException refused(String where, String why) {
        return new WarehouseException("Cannot open the database " + where + ": " + why);
    }
}
