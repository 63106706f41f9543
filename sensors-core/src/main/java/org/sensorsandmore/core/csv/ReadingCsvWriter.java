package org.sensorsandmore.core.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;

/**
 * A {@link ReadingSink} that writes readings as CSV, in either {@link ReadingCsvFormat}.
 *
 * <p>It writes the header as soon as it is created, then one line per reading of each batch it
 * accepts. Lines end with {@code \n} (as the original system's files do; every CSV reader, this
 * library's included, also reads {@code \r\n}). A store name holding a comma, a double quote or a
 * line break is quoted as RFC 4180 says (quotes doubled); no other cell ever needs quoting.
 *
 * <pre>{@code
 * try (ReadingCsvWriter csv = ReadingCsvWriter.of(Files.newBufferedWriter(path), ReadingCsvFormat.ORIGINAL)) {
 *     generator.generate(window, csv);
 * }
 * // date,hour,shop,sensor_id,count,units
 * // 2024-07-01,9,Paris,3,6912,visits
 * // 2024-07-01,9,Paris,4,-1,
 *
 * // All or nothing: the file appears (or is replaced) only once every row is written.
 * long rows = ReadingCsvWriter.writeAtomically(path, ReadingCsvFormat.LIBRARY,
 *         sink -> generator.generate(window, sink));
 * }</pre>
 *
 * <p>It is built for volume: rows are formatted into a reused buffer without an object per row
 * (each hour's date cell is formatted once and cached, each store name is quoted once), and the
 * buffer goes to the target in large blocks. Every {@link #accept} leaves all its rows in the target
 * (a {@link java.io.BufferedWriter} there may still hold them until {@link #flush}).
 *
 * <p>{@link ReadingSink} declares no checked exception, so an {@link IOException} of the target
 * surfaces as an {@link UncheckedIOException}, from {@code accept}, {@code flush} and {@code close}
 * alike (and from {@code of}, which writes the header).
 *
 * <p>This class is mutable and not thread-safe: one producer writes to it, as {@code ReadingSink}
 * says.
 */
public final class ReadingCsvWriter implements ReadingSink, Flushable, Closeable {
    /** Characters gathered before they go to the target in one write. */
    private static final int BLOCK_CHARS = 1 << 16;

    /** Hour cells cached, direct-mapped by epoch hour: 4096 consecutive hours (170 days) never collide. */
    private static final int HOUR_CACHE_SIZE = 1 << 12;

    private static final CSVFormat QUOTING = CSVFormat.RFC4180;

    private final Appendable out;
    private final ReadingCsvFormat format;
    private final StringBuilder block = new StringBuilder(BLOCK_CHARS + 1024);
    private char[] chars;
    private final int[] cachedHours = new int[HOUR_CACHE_SIZE];
    private final String[] hourCells = new String[HOUR_CACHE_SIZE];
    private String[] storeNames = new String[16];
    private String[] storeCells = new String[16];
    private long rowCount;
    private boolean closed;

    private ReadingCsvWriter(Appendable out, ReadingCsvFormat format) {
        this.out = Objects.requireNonNull(out, "out");
        this.format = Objects.requireNonNull(format, "format");
        this.chars = out instanceof Writer ? new char[BLOCK_CHARS + 1024] : new char[0];
        // No real epoch hour is this small (year 1 is about -17 million), so it marks an empty slot.
        Arrays.fill(cachedHours, Integer.MIN_VALUE);
    }

    /**
     * Starts a CSV: writes the header line to {@code out} at once.
     *
     * @param out where the text goes: a {@link Writer} (best wrapped in a {@link java.io.BufferedWriter}
     *     when it is a file), a {@link StringBuilder}, any {@link Appendable}; closed by {@link #close}
     *     and flushed by {@link #flush} when it can be
     * @param format the layout
     * @return a writer that has written the header
     * @throws UncheckedIOException when the header cannot be written
     */
    public static ReadingCsvWriter of(Appendable out, ReadingCsvFormat format) {
        ReadingCsvWriter writer = new ReadingCsvWriter(out, format);
        writer.block.append(format.headerLine()).append('\n');
        writer.push();
        return writer;
    }

    /**
     * Writes a CSV file all or nothing: the rows go to a new temporary file next to {@code target},
     * which is synced to disk and then moved onto {@code target} in one atomic step (replacing any
     * file there). If anything fails, the producer included, the temporary file is deleted and {@code
     * target} is left as it was: a reader of {@code target} sees either the old file or the complete
     * new one, never a half-written one.
     *
     * <pre>{@code
     * long rows = ReadingCsvWriter.writeAtomically(Path.of("july.csv"), ReadingCsvFormat.ORIGINAL,
     *         sink -> generator.generate(july, sink));
     * }</pre>
     *
     * @param target the file to create or replace (UTF-8); its folder must exist
     * @param format the layout
     * @param producer called once with the sink to hand every batch to; when it returns, the file is
     *     complete
     * @return the number of rows written (the header aside)
     * @throws UncheckedIOException when the file cannot be written or moved (also when the file system
     *     cannot move atomically), with the temporary file deleted
     * @throws RuntimeException whatever the producer throws, with the temporary file deleted
     */
    public static long writeAtomically(Path target, ReadingCsvFormat format, Consumer<? super ReadingSink> producer) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(producer, "producer");
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null) {
            throw new IllegalArgumentException("Cannot write to " + target + ": it has no folder");
        }
        // Not Files.createTempFile: its owner-only permissions would stay on the target after the move.
        Path temp = folder.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            long rows;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ReadingCsvWriter writer =
                            of(Channels.newWriter(channel, StandardCharsets.UTF_8.newEncoder(), BLOCK_CHARS), format)) {
                producer.accept(writer);
                writer.flush();
                channel.force(true);
                rows = writer.rowCount();
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (IOException e) {
            deleteQuietly(temp, e);
            String reason = e instanceof NoSuchFileException && !Files.isDirectory(folder)
                    ? "folder " + folder + " does not exist"
                    : e.toString();
            throw new UncheckedIOException("Cannot write " + target + ": " + reason, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** @return the layout it writes */
    public ReadingCsvFormat format() {
        return format;
    }

    /** @return the rows written so far, the header aside */
    public long rowCount() {
        return rowCount;
    }

    /**
     * Writes one line per row of the batch, in order.
     *
     * @param batch the rows
     * @throws UncheckedIOException when the target fails
     * @throws IllegalStateException when the writer is closed
     */
    @Override
    public void accept(ReadingBatch batch) {
        if (closed) {
            throw new IllegalStateException("This CSV writer is closed");
        }
        List<String> names = batch.storeNames();
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int storeIndex = batch.storeIndex(i);
            String storeCell = storeCell(storeIndex, names.get(storeIndex));
            String hourCell = hourCell(batch.epochHour(i));
            if (format == ReadingCsvFormat.ORIGINAL) {
                appendOriginal(batch, i, storeCell, hourCell);
            } else {
                appendLibrary(batch, i, storeCell, hourCell);
            }
            if (block.length() >= BLOCK_CHARS) {
                push();
            }
        }
        rowCount += size;
        push();
    }

    private void appendOriginal(ReadingBatch batch, int i, String storeCell, String hourCell) {
        block.append(hourCell).append(',').append(storeCell).append(',').append(batch.sensorId(i));
        switch (batch.status(i)) {
            case OK -> block.append(',').append(batch.visits(i)).append(",visits\n");
            case FAILED -> block.append(",-1,\n");
            case NOT_OPEN -> block.append(",-2,\n");
        }
    }

    private void appendLibrary(ReadingBatch batch, int i, String storeCell, String hourCell) {
        block.append(storeCell)
                .append(',')
                .append(batch.sensorId(i))
                .append(',')
                .append(hourCell);
        switch (batch.status(i)) {
            case OK -> block.append(',').append(batch.visits(i)).append(",OK,");
            case FAILED -> block.append(",,FAILED,");
            case NOT_OPEN -> block.append(",,NOT_OPEN,");
        }
        block.append(batch.anomaly(i) ? "true\n" : "false\n");
    }

    /** The store's cell, quoted once per name: the cache is checked by identity, as batches reuse names. */
    @SuppressWarnings("ReferenceEquality") // on purpose: a cheap check; a miss only formats the cell again
    private String storeCell(int index, String name) {
        if (index >= storeNames.length) {
            int length = Math.max(index + 1, storeNames.length * 2);
            storeNames = Arrays.copyOf(storeNames, length);
            storeCells = Arrays.copyOf(storeCells, length);
        }
        if (storeNames[index] != name) {
            storeNames[index] = name;
            storeCells[index] = quote(name);
        }
        return storeCells[index];
    }

    private static String quote(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                StringBuilder quoted = new StringBuilder(name.length() + 8);
                try {
                    QUOTING.print(name, quoted, true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a StringBuilder does not fail
                }
                return quoted.toString();
            }
        }
        return name;
    }

    /** The hour's cell(s): {@code 2024-07-01,9} (ORIGINAL) or {@code 2024-07-01T09:00} (LIBRARY). */
    private String hourCell(int epochHour) {
        int slot = epochHour & (HOUR_CACHE_SIZE - 1);
        if (cachedHours[slot] != epochHour) {
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochHour, 24));
            int hourOfDay = Math.floorMod(epochHour, 24);
            hourCells[slot] = format == ReadingCsvFormat.ORIGINAL
                    ? date + "," + hourOfDay
                    : Hours.ofEpochHour(epochHour).toString();
            cachedHours[slot] = epochHour;
        }
        return hourCells[slot];
    }

    /** Hands the gathered characters to the target. */
    private void push() {
        int length = block.length();
        if (length == 0) {
            return;
        }
        try {
            if (out instanceof Writer writer) {
                if (length > chars.length) {
                    chars = new char[length]; // a row with a very long store name
                }
                block.getChars(0, length, chars, 0);
                writer.write(chars, 0, length);
            } else {
                out.append(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write CSV: " + e.getMessage(), e);
        } finally {
            block.setLength(0);
        }
    }

    /**
     * Flushes the target when it is {@link Flushable}.
     *
     * @throws UncheckedIOException when the target fails
     */
    @Override
    public void flush() {
        if (out instanceof Flushable flushable) {
            try {
                flushable.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot flush CSV: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Closes the target when it is {@link AutoCloseable} (which flushes it); later calls do nothing.
     *
     * @throws UncheckedIOException when the target fails
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close CSV: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close CSV: " + e.getMessage(), e);
            }
        }
    }
}
