package org.sensorsandmore.sql.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a file is a whole DuckDB database: its header before DuckDB opens it, its blocks once
 * DuckDB has read its catalog and before anything is written.
 *
 * <p>DuckDB opens some files that are not databases (a short CSV file) as if they were new ones, and
 * opens a truncated database only to fail on the first read of a missing block, inside a
 * transaction: a pipeline would then retry, log nothing and grow the file. A file is refused when it
 * does not start with DuckDB's header ({@code DUCK} at byte 8, after a checksum), or when a table's
 * data lies in a block past the file's end ({@code pragma_storage_info}, which reads metadata only).
 * The header's own block count is no measure: DuckDB cuts free blocks off the end of the file and
 * keeps counting them.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class DatabaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);

    /** A stamp's line is a file key, a size and a time: well under this. */
    private static final int MAX_STAMP_BYTES = 1024;

    /** DuckDB's main header and its two database headers come before the first block. */
    private static final int HEADERS_BYTES = 3 * 4096;

    private static final byte[] MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC_OFFSET = 8;

    private DatabaseFile() {}

    /**
     * Refuses a file DuckDB should not open: a folder, a file that is not a DuckDB database. A
     * missing or empty file passes: DuckDB creates a database there.
     *
     * @param file the database file
     * @param where the file as the user named it, for messages
     * @throws WarehouseException naming what the file is instead
     */
    public static void checkHeader(Path file, String where) {
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
            if (channel.size() == 0) {
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADERS_BYTES);
            while (header.hasRemaining() && channel.read(header) > 0) {
                // the headers, or as much of them as the file has
            }
            byte[] bytes = header.array();
            if (header.position() < HEADERS_BYTES
                    || !Arrays.equals(bytes, MAGIC_OFFSET, MAGIC_OFFSET + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw refused(where, "it is not a DuckDB database (it does not start with DuckDB's header)");
            }
        } catch (IOException e) {
            throw new WarehouseException("Cannot read the database " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a database file is as this library left it when it last closed it ({@link
     * #markClosed}): the same file (its file system's key), size and modification time. That
     * process checked its blocks or wrote them, so {@link #checkBlocks} need not read them again:
     * reading every table's storage took 0.15-0.25 s of an hourly run on a year of a 400-store fleet
     * (most of it the readings'). A file truncated, restored or copied since fails the comparison
     * and is checked.
     *
     * @param file the database file, before DuckDB opens it
     * @return whether its stamp matches it; false without a stamp, or when either cannot be read
     */
    public static boolean unchangedSinceClosed(Path file) {
        Path stamp = closedStamp(file);
        try {
            // Read only a small regular file: anything else there (a FIFO, a folder) is no stamp of ours.
            if (!Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS) || Files.size(stamp) > MAX_STAMP_BYTES) {
                return false;
            }
            return Files.readString(stamp, StandardCharsets.UTF_8).equals(stampOf(file));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records a database file's key, size and modification time, once the last connection to it
     * closed, for {@link #unchangedSinceClosed}. The stamp is a hidden file beside it, replaced by a
     * rename. One that cannot be written only costs the next open its check: that is logged, not
     * thrown.
     *
     * @param file the database file, closed
     */
    public static void markClosed(Path file) {
        Path stamp = closedStamp(file);
        Path temp = AtomicOutput.temporaryFor(stamp);
        try {
            Files.writeString(temp, stampOf(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            Files.move(temp, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("Could not mark {} as closed (its next open checks its blocks): {}", file, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Hidden, and named as a temporary file: nothing reads it.
            }
        }
    }

    /** @return where {@link #markClosed} keeps a file's stamp: {@code .NAME.closed} beside it */
    static Path closedStamp(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".closed");
    }

    private static String stampOf(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.fileKey() == null) {
            // A file system without keys: a file replaced by another of the same size and time would match.
            throw new IOException("no file key");
        }
        return attributes.fileKey() + " " + attributes.size() + " "
                + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "\n";
    }

    /**
     * Refuses a database whose tables need blocks the file does not hold: a truncated copy.
     *
     * @param connection a connection to the database, before anything was written through it
     * @param file the database file
     * @param where the file as the user named it, for messages
     * @throws WarehouseException naming the missing block
     * @throws SQLException when the database cannot be read
     */
    public static void checkBlocks(Connection connection, Path file, String where) throws SQLException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new WarehouseException("Cannot read the database " + where + ": " + e.getMessage(), e);
        }
        try (Statement statement = connection.createStatement()) {
            long blockSize;
            try (ResultSet rs = statement.executeQuery(
                    "SELECT block_size FROM pragma_database_size()" + " WHERE database_name = current_database()")) {
                if (!rs.next()) {
                    return;
                }
                blockSize = rs.getLong(1);
            }
            long blocks = Math.max(0, size - HEADERS_BYTES) / blockSize;
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables()"
                    + " WHERE database_name = current_database() AND NOT temporary")) {
                while (rs.next()) {
                    tables.add(identifier(rs.getString(1)) + "." + identifier(rs.getString(2)));
                }
            }
            if (tables.isEmpty()) {
                return;
            }
            // One statement for all tables: DuckDB reads their storage on all its threads at once.
            // The function takes a literal only: each name is quoted as an identifier, then as a string.
            String lastBlocks = tables.stream()
                    .map(table -> "SELECT " + SqlLiterals.of(table) + " AS name, greatest(max(block_id),"
                            + " max(list_max(additional_block_ids))) AS last FROM pragma_storage_info("
                            + SqlLiterals.of(table) + ")")
                    .collect(Collectors.joining(" UNION ALL "));
            try (ResultSet rs = statement.executeQuery(
                    "SELECT name, last FROM (" + lastBlocks + ") WHERE last IS NOT NULL ORDER BY last DESC LIMIT 1")) {
                if (rs.next() && rs.getLong(2) >= blocks) {
                    throw refused(
                            where,
                            String.format(
                                    Locale.ROOT,
                                    "the file is truncated: table %s needs block %,d, and its %,d bytes hold"
                                            + " %,d blocks (restore it from a copy, or move it away to start"
                                            + " afresh)",
                                    rs.getString(1),
                                    rs.getLong(2),
                                    size,
                                    blocks));
                }
            }
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static WarehouseException refused(String where, String why) {
        return new WarehouseException("Cannot open the database " + where + ": " + why);
    }
}
