package org.sensorsandmore.core.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.io.AtomicOutput;

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
    /** Bytes gathered before they go to the target in one write. */
    private static final int BLOCK_BYTES = 1 << 16;

    /** Hour cells cached, direct-mapped by epoch hour: 4096 consecutive hours (170 days) never collide. */
    private static final int HOUR_CACHE_SIZE = 1 << 12;

    private static final CSVFormat QUOTING = CSVFormat.RFC4180;

    /** The text target, or null when the writer writes bytes to {@link #bytesOut}. */
    private final Appendable out;

    /** The byte target (UTF-8), or null when the writer writes text to {@link #out}. */
    private final OutputStream bytesOut;

    private final ReadingCsvFormat format;

    /**
     * Rows are formatted once, as UTF-8, whichever the target: a block always ends at a row's end,
     * so it decodes whole for a text target.
     */
    private byte[] bytes = new byte[BLOCK_BYTES + 1024];

    private int position;
    private final int[] cachedHours = new int[HOUR_CACHE_SIZE];
    private final byte[][] hourBytes = new byte[HOUR_CACHE_SIZE][];
    private String[] storeNames = new String[16];
    private byte[][] storeBytes = new byte[16][];
    private long rowCount;
    private boolean closed;

    private ReadingCsvWriter(Appendable out, OutputStream bytesOut, ReadingCsvFormat format) {
        this.out = out;
        this.bytesOut = bytesOut;
        this.format = Objects.requireNonNull(format, "format");
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
        ReadingCsvWriter writer = new ReadingCsvWriter(Objects.requireNonNull(out, "out"), null, format);
        writer.writeHeader();
        return writer;
    }

    /**
     * Starts a CSV in UTF-8 bytes: writes the header line to {@code out} at once. The same text as
     * {@link #of(Appendable, ReadingCsvFormat)} over a UTF-8 writer, without the detour through
     * characters (about twice as fast for the volume the API server and file exports write).
     *
     * @param out where the bytes go, in blocks of about 64 KB (no need for a buffered stream); closed by
     *     {@link #close} and flushed by {@link #flush}
     * @param format the layout
     * @return a writer that has written the header
     * @throws UncheckedIOException when the header cannot be written
     */
    public static ReadingCsvWriter ofStream(OutputStream out, ReadingCsvFormat format) {
        ReadingCsvWriter writer = new ReadingCsvWriter(null, Objects.requireNonNull(out, "out"), format);
        writer.writeHeader();
        return writer;
    }

    private void writeHeader() {
        put((format.headerLine() + "\n").getBytes(StandardCharsets.UTF_8));
        push();
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
     * <p>What {@code target} is decides how it is written, so that nothing is ever destroyed:
     *
     * <ul>
     *   <li>a symbolic link is followed (link after link) and the file it names is replaced, atomically;
     *       the link stays;
     *   <li>a FIFO, a device or any other file that is neither a regular file nor a folder is written
     *       into, streamed as the rows come (as a shell's {@code >} would), never replaced: all or
     *       nothing cannot hold there, and a reader sees the rows written before a failure;
     *   <li>a folder is refused before anything is written.
     * </ul>
     *
     * <p>The temporary file is named {@code .NAME.<uuid>.tmp}. A JVM that shuts down while writing it
     * (SIGINT, SIGTERM) deletes it; one killed outright (SIGKILL) leaves it, and the next write to the
     * same target deletes it, as it does any such file no live process is writing.
     *
     * @param target the file to create or replace (UTF-8); its folder must exist
     * @param format the layout
     * @param producer called once with the sink to hand every batch to; when it returns, the file is
     *     complete
     * @return the number of rows written (the header aside)
     * @throws UncheckedIOException when the file cannot be written or moved (also when the file system
     *     cannot move atomically, and when {@code target} is a folder), with the temporary file deleted
     * @throws RuntimeException whatever the producer throws, with the temporary file deleted
     */
    public static long writeAtomically(Path target, ReadingCsvFormat format, Consumer<? super ReadingSink> producer) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(producer, "producer");
        Path destination;
        try {
            destination = AtomicOutput.destination(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
        Path folder = destination.getParent();
        if (folder == null) {
            throw new IllegalArgumentException("Cannot write to " + target + ": it has no folder");
        }
        if (Files.isDirectory(destination)) {
            throw new UncheckedIOException(
                    "Cannot write " + target + ": it is a folder", new FileSystemException(target.toString()));
        }
        if (Files.exists(destination) && !Files.isRegularFile(destination)) {
            return writeInto(destination, target, format, producer);
        }
        AtomicOutput.removeStale(destination);
        // Not Files.createTempFile: its owner-only permissions would stay on the target after the move.
        Path temp = AtomicOutput.temporaryFor(destination);
        try (AtomicOutput.Registration hook = AtomicOutput.deleteOnShutdown(temp)) {
            long rows;
            try (FileChannel channel = AtomicOutput.create(temp);
                    ReadingCsvWriter writer = ofStream(Channels.newOutputStream(channel), format)) {
                producer.accept(writer);
                writer.flush();
                channel.force(true);
                rows = writer.rowCount();
            }
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw new UncheckedIOException("Cannot write " + target + ": " + AtomicOutput.reason(e, destination), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /** Streams the rows into a file that may not be replaced: a FIFO, a device. */
    private static long writeInto(
            Path destination, Path target, ReadingCsvFormat format, Consumer<? super ReadingSink> producer) {
        // WRITE alone: no CREATE (it exists), no TRUNCATE (meaningless for a device or a FIFO).
        try (ReadingCsvWriter writer = ofStream(Files.newOutputStream(destination, StandardOpenOption.WRITE), format)) {
            producer.accept(writer);
            writer.flush();
            return writer.rowCount();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
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
        boolean original = format == ReadingCsvFormat.ORIGINAL;
        for (int i = 0; i < size; i++) {
            int storeIndex = batch.storeIndex(i);
            byte[] store = storeBytes(storeIndex, names.get(storeIndex));
            byte[] hour = hourBytes(batch.epochHour(i));
            if (position + store.length + hour.length + 48 > bytes.length) {
                push();
                if (store.length + hour.length + 48 > bytes.length) {
                    bytes = new byte[store.length + hour.length + 48]; // a very long store name
                }
            }
            if (original) {
                appendOriginal(batch, i, store, hour);
            } else {
                appendLibrary(batch, i, store, hour);
            }
            if (position >= BLOCK_BYTES) {
                push();
            }
        }
        rowCount += size;
        push();
    }

    private static final byte[] ORIGINAL_OK_END = ascii(",visits\n");
    private static final byte[] ORIGINAL_FAILED_END = ascii(",-1,\n");
    private static final byte[] ORIGINAL_NOT_OPEN_END = ascii(",-2,\n");
    private static final byte[] LIBRARY_OK = ascii(",OK,");
    private static final byte[] LIBRARY_FAILED = ascii(",,FAILED,");
    private static final byte[] LIBRARY_NOT_OPEN = ascii(",,NOT_OPEN,");
    private static final byte[] TRUE_END = ascii("true\n");
    private static final byte[] FALSE_END = ascii("false\n");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void appendOriginal(ReadingBatch batch, int i, byte[] store, byte[] hour) {
        put(hour);
        putComma();
        put(store);
        putComma();
        putInt(batch.sensorId(i));
        putStatus(batch, i, ORIGINAL_OK_END, ORIGINAL_FAILED_END, ORIGINAL_NOT_OPEN_END);
    }

    private void appendLibrary(ReadingBatch batch, int i, byte[] store, byte[] hour) {
        put(store);
        putComma();
        putInt(batch.sensorId(i));
        putComma();
        put(hour);
        putStatus(batch, i, LIBRARY_OK, LIBRARY_FAILED, LIBRARY_NOT_OPEN);
        put(batch.anomaly(i) ? TRUE_END : FALSE_END);
    }

    /**
     * Ends a row by its status: for an OK reading a comma, the count and {@code ok}; otherwise
     * {@code failed} or {@code notOpen} alone.
     */
    private void putStatus(ReadingBatch batch, int i, byte[] ok, byte[] failed, byte[] notOpen) {
        switch (batch.status(i)) {
            case OK -> {
                putComma();
                putInt(batch.visits(i));
                put(ok);
            }
            case FAILED -> put(failed);
            case NOT_OPEN -> put(notOpen);
        }
    }

    private void put(byte[] cell) {
        System.arraycopy(cell, 0, bytes, position, cell.length);
        position += cell.length;
    }

    private void putComma() {
        bytes[position++] = ',';
    }

    /** Writes the decimal digits of a value, as {@link Integer#toString(int)} would. */
    private void putInt(int value) {
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                put(ascii(Integer.toString(value)));
                return;
            }
            bytes[position++] = '-';
            value = -value;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int at = end - 1; at >= position; at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position = end;
    }

    /** The store's cell in UTF-8, quoted once per name: checked by identity, as batches reuse names. */
    @SuppressWarnings("ReferenceEquality") // on purpose: a cheap check; a miss only formats the cell again
    private byte[] storeBytes(int index, String name) {
        if (index >= storeNames.length) {
            int length = Math.max(index + 1, storeNames.length * 2);
            storeNames = Arrays.copyOf(storeNames, length);
            storeBytes = Arrays.copyOf(storeBytes, length);
        }
        if (storeNames[index] != name) {
            storeNames[index] = name;
            storeBytes[index] = quote(name).getBytes(StandardCharsets.UTF_8);
        }
        return storeBytes[index];
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

    /** The hour's cell(s): {@code 2024-07-01,9} (ORIGINAL) or {@code 2024-07-01T09:00} (LIBRARY), cached. */
    private byte[] hourBytes(int epochHour) {
        int slot = epochHour & (HOUR_CACHE_SIZE - 1);
        if (cachedHours[slot] != epochHour) {
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochHour, 24));
            int hourOfDay = Math.floorMod(epochHour, 24);
            String cell = format == ReadingCsvFormat.ORIGINAL
                    ? date + "," + hourOfDay
                    : Hours.ofEpochHour(epochHour).toString();
            hourBytes[slot] = ascii(cell);
            cachedHours[slot] = epochHour;
        }
        return hourBytes[slot];
    }

    /** Hands the gathered rows to the target: the bytes, or their text. */
    private void push() {
        if (position == 0) {
            return;
        }
        try {
            if (bytesOut != null) {
                bytesOut.write(bytes, 0, position);
            } else {
                out.append(new String(bytes, 0, position, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write CSV: " + e.getMessage(), e);
        } finally {
            position = 0;
        }
    }

    /**
     * Flushes the target when it is {@link Flushable}.
     *
     * @throws UncheckedIOException when the target fails
     */
    @Override
    public void flush() {
        if (target() instanceof Flushable flushable) {
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
        if (target() instanceof AutoCloseable closeable) {
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

    /** @return what the writer writes to: the byte stream it was given, else the character writer */
    private Object target() {
        return bytesOut != null ? bytesOut : out;
    }
}
