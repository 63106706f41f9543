package org.sensorsandmore.core.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.check.Require;

/**
 * Reads readings from CSV in either {@link ReadingCsvFormat}, streaming them to a {@link
 * ReadingSink} in batches and accounting for every row.
 *
 * <p>The first line must be the header of a format: the reader recognises it, or, told a format
 * with {@link #withFormat}, insists on it. A missing or unknown header throws {@link
 * CsvHeaderException}. After that, each data row is either <em>accepted</em> (handed to the sink
 * as a reading) or <em>rejected</em> with its line number and the reason: a {@code NULL} cell, a
 * value of the wrong type or out of range, an impossible date, the wrong number of cells, a blank
 * store name, an unclosed quote… A bad row never stops the read and is never dropped silently: {@code
 * rowsRead == rowsAccepted + rowsRejected}. Empty lines are not rows and are skipped. The package
 * description lists the rules of each format.
 *
 * <pre>{@code
 * List<Reading> readings = new ArrayList<>();
 * CsvReadResult result = ReadingCsvReader.create().read(Path.of("data/latest_dat.csv"), ReadingSink.into(readings));
 * result.rowsAccepted();                 // 34861
 * for (RejectedRow row : result.rejectedRows()) {
 *     log.warn("Skipped line {}: {}", row.lineNumber(), row.reason()); // "Skipped line 204: sensor_id is NULL"
 * }
 *
 * // Insist on a format, larger batches, keep only the first 10 rejected rows (all are counted).
 * ReadingCsvReader strict = ReadingCsvReader.create()
 *         .withFormat(ReadingCsvFormat.LIBRARY)
 *         .withBatchSize(32_768)
 *         .withMaxRejectedRows(10);
 * }</pre>
 *
 * <p>Memory stays bounded however large the input: one batch of {@link #withBatchSize batch size}
 * rows is filled, handed to the sink and reused; rejected rows beyond {@link #withMaxRejectedRows}
 * are counted, not kept; a row is at most {@link #MAX_ROW_CHARS} characters.
 *
 * <p>{@link IOException}s of the input surface as {@link UncheckedIOException}; whatever the sink
 * throws passes through and ends the read.
 *
 * <p>This class is immutable and thread-safe: each {@code read} has its own state, and {@code
 * withX} methods return a copy.
 */
public final class ReadingCsvReader {
    /** The rows handed to the sink at a time, by default. */
    public static final int DEFAULT_BATCH_SIZE = 8192;

    /** The rejected rows kept in {@link CsvReadResult#rejectedRows()}, by default (all are counted). */
    public static final int DEFAULT_MAX_REJECTED_ROWS = 1000;

    /**
     * The longest row, in characters: a longer line, or a quoted cell still open after this many
     * characters, makes its row rejected (the next lines are then read as rows of their own).
     */
    public static final int MAX_ROW_CHARS = 1 << 16;

    /** Batches forget their store names past this many, so a file of garbage names cannot exhaust memory. */
    private static final int MAX_STORE_NAMES = 4096;

    private final ReadingCsvFormat format;
    private final int batchSize;
    private final int maxRejectedRows;

    private ReadingCsvReader(ReadingCsvFormat format, int batchSize, int maxRejectedRows) {
        Require.atLeast(batchSize, 1, "The batch size");
        if (maxRejectedRows < 0) {
            throw new IllegalArgumentException("The rejected rows kept must be 0 or more, not " + maxRejectedRows);
        }
        this.format = format;
        this.batchSize = batchSize;
        this.maxRejectedRows = maxRejectedRows;
    }

    /** @return a reader that recognises the format by its header, with the default limits */
    public static ReadingCsvReader create() {
        return new ReadingCsvReader(null, DEFAULT_BATCH_SIZE, DEFAULT_MAX_REJECTED_ROWS);
    }

    /**
     * @param expected the only format to accept
     * @return a copy that throws {@link CsvHeaderException} unless the header is that format's
     */
    public ReadingCsvReader withFormat(ReadingCsvFormat expected) {
        return new ReadingCsvReader(Objects.requireNonNull(expected, "expected"), batchSize, maxRejectedRows);
    }

    /**
     * @param rows the rows handed to the sink at a time (the last batch may hold fewer), at least 1
     * @return a copy with that batch size
     */
    public ReadingCsvReader withBatchSize(int rows) {
        return new ReadingCsvReader(format, rows, maxRejectedRows);
    }

    /**
     * @param rows the rejected rows to keep in the result, 0 or more; those beyond are only counted
     * @return a copy with that limit
     */
    public ReadingCsvReader withMaxRejectedRows(int rows) {
        return new ReadingCsvReader(format, batchSize, rows);
    }

    /** @return the format this reader insists on; empty when it recognises either */
    public Optional<ReadingCsvFormat> format() {
        return Optional.ofNullable(format);
    }

    /**
     * Reads a UTF-8 file.
     *
     * @param file the CSV file
     * @param sink where the readings go, in file order
     * @return the counts and the rejected rows
     * @throws CsvHeaderException when the first line is not a header this reader accepts
     * @throws UncheckedIOException when the file cannot be read or is not UTF-8
     */
    public CsvReadResult read(Path file, ReadingSink sink) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads CSV text to its end; the caller closes {@code in}.
     *
     * @param in the text
     * @param sink where the readings go, in input order
     * @return the counts and the rejected rows
     * @throws CsvHeaderException when the first line is not a header this reader accepts
     * @throws UncheckedIOException when {@code in} fails
     */
    public CsvReadResult read(Reader in, ReadingSink sink) {
        try {
            return read(in, "the CSV input", sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CSV: " + e.getMessage(), e);
        }
    }

    private CsvReadResult read(Reader in, String name, ReadingSink sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        CsvRecordReader records = new CsvRecordReader(in, MAX_ROW_CHARS);
        ReadingCsvFormat actual = header(records, name);
        ReadingBatch batch = ReadingBatch.create(batchSize);
        RowDecoder decoder = new RowDecoder(actual, batch);
        List<RejectedRow> rejected = new ArrayList<>(Math.min(maxRejectedRows, 64));
        long read = 0;
        long rejectedCount = 0;
        while (records.next()) {
            read++;
            String reason = decoder.decode(records);
            if (reason != null) {
                rejectedCount++;
                if (rejected.size() < maxRejectedRows) {
                    rejected.add(new RejectedRow(records.lineNumber(), cut(records.text()), reason));
                }
            } else if (batch.size() == batchSize) {
                sink.accept(batch);
                batch.clear();
                if (batch.storeNames().size() > MAX_STORE_NAMES) {
                    batch = ReadingBatch.create(batchSize);
                    decoder.use(batch);
                }
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
        return new CsvReadResult(actual, read, read - rejectedCount, rejectedCount, rejected);
    }

    private ReadingCsvFormat header(CsvRecordReader records, String name) throws IOException {
        String expected = format != null
                ? "'" + format.headerLine() + "'"
                : "'" + ReadingCsvFormat.LIBRARY.headerLine() + "' or '" + ReadingCsvFormat.ORIGINAL.headerLine() + "'";
        if (!records.next()) {
            throw new CsvHeaderException(
                    "Cannot read " + name + ": it is empty, without even a header; expected " + expected, "");
        }
        List<String> cells = records.error() != null ? List.of() : records.cells();
        if (!cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) {
            cells.set(0, cells.get(0).substring(1)); // a byte order mark, as spreadsheets write
        }
        Optional<ReadingCsvFormat> found = ReadingCsvFormat.ofHeader(cells);
        if (found.isEmpty() || (format != null && found.get() != format)) {
            throw new CsvHeaderException(
                    "Cannot read " + name + ": line " + records.lineNumber() + " is not "
                            + (format != null ? "the " + format + " header" : "a readings header") + ": found '"
                            + cut(records.text()) + "'; expected " + expected,
                    records.text());
        }
        return found.get();
    }

    private static String cut(String text) {
        return text.length() <= RejectedRow.MAX_TEXT_LENGTH
                ? text
                : text.substring(0, RejectedRow.MAX_TEXT_LENGTH) + "…";
    }
}
