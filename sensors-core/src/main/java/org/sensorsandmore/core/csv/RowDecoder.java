package org.sensorsandmore.core.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Store;

/**
 * Checks the cells of one data row and, when every cell is right, adds the reading to a batch; else
 * says what is wrong with each bad cell.
 *
 * <p>It keeps the last store name and the last date it decoded, so rows of the same store and day
 * cost no allocation.
 *
 * <p>This class is mutable and not thread-safe.
 */
final class RowDecoder {
    private static final long INVALID = Long.MIN_VALUE;
    private static final String NULL = "NULL";
    private static final int MIN_EPOCH_DAY = (int) LocalDate.of(1, 1, 1).toEpochDay();
    private static final int MAX_EPOCH_DAY = (int) LocalDate.of(9999, 12, 31).toEpochDay();

    private final ReadingCsvFormat format;
    private final StringBuilder reasons = new StringBuilder();
    private ReadingBatch batch;
    private String lastStore;
    private int lastStoreIndex;
    private String lastDate;
    private long lastEpochDay;

    RowDecoder(ReadingCsvFormat format, ReadingBatch batch) {
        this.format = format;
        use(batch);
    }

    /** @param newBatch where the next readings go; the store indexes of the old batch are forgotten */
    void use(ReadingBatch newBatch) {
        this.batch = newBatch;
        this.lastStore = null;
    }

    /**
     * @param row the current record, split into cells
     * @return null when the reading was added to the batch; else every problem, separated by "; "
     */
    String decode(CsvRecordReader row) {
        if (row.error() != null) {
            return row.error();
        }
        if (row.cellCount() != format.header().size()) {
            return "expected " + format.header().size() + " cells (" + format.headerLine() + "), found "
                    + row.cellCount();
        }
        reasons.setLength(0);
        return format == ReadingCsvFormat.ORIGINAL ? decodeOriginal(row) : decodeLibrary(row);
    }

    private String decodeOriginal(CsvRecordReader row) {
        long epochDay = date(row, 0, "date");
        long hourOfDay = integer(row, 1, "hour", 0, 23, "between 0 and 23");
        int store = store(row, 2, "shop");
        long sensorId = integer(row, 3, "sensor_id", 0, Integer.MAX_VALUE, "0 or more");
        long count =
                integer(row, 4, "count", -2, Integer.MAX_VALUE, "0 or more (visits), -1 (failed) or -2 (not open)");
        if (count != INVALID) {
            boolean visits = cellIs(row, 5, "visits");
            if (count >= 0 && !visits) {
                problem("units must be 'visits' when count is " + count + ", not '" + row.cell(5) + "'");
            } else if (count < 0 && row.end(5) != row.start(5)) {
                problem("units must be empty when count is " + count + ", not '" + row.cell(5) + "'");
            }
        }
        if (reasons.length() > 0) {
            return reasons.toString();
        }
        ReadingStatus status = ReadingStatus.ofLegacyCount(count);
        batch.add(
                store,
                (int) sensorId,
                Math.toIntExact(epochDay * 24 + hourOfDay),
                status,
                status == ReadingStatus.OK ? (int) count : 0,
                false);
        return null;
    }

    private String decodeLibrary(CsvRecordReader row) {
        int store = store(row, 0, "store");
        long sensorId = integer(row, 1, "sensor_id", 0, Integer.MAX_VALUE, "0 or more");
        long epochHour = dateTime(row, 2, "hour");
        ReadingStatus status = status(row, 4);
        long visits = INVALID;
        if (status == ReadingStatus.OK) {
            visits = integer(row, 3, "visits", 0, Integer.MAX_VALUE, "0 or more");
        } else if (status != null && row.end(3) != row.start(3)) {
            problem("visits must be empty when status is " + status + ", not '" + row.cell(3) + "'");
        }
        boolean anomaly = cellIs(row, 5, "true");
        if (!anomaly && !cellIs(row, 5, "false")) {
            problem("anomaly '" + row.cell(5) + "' is not true or false");
        } else if (anomaly && status == ReadingStatus.NOT_OPEN) {
            problem("anomaly must be false when status is NOT_OPEN");
        }
        if (reasons.length() > 0) {
            return reasons.toString();
        }
        batch.add(
                store, (int) sensorId, (int) epochHour, status, status == ReadingStatus.OK ? (int) visits : 0, anomaly);
        return null;
    }

    private void problem(String what) {
        if (reasons.length() > 0) {
            reasons.append("; ");
        }
        reasons.append(what);
    }

    private static boolean cellIs(CsvRecordReader row, int cell, String value) {
        int length = row.end(cell) - row.start(cell);
        return length == value.length() && row.source().startsWith(value, row.start(cell));
    }

    /** @return false, having noted the problem, when the cell is NULL or empty */
    private boolean present(CsvRecordReader row, int cell, String column) {
        if (row.end(cell) == row.start(cell)) {
            problem(column + " is empty");
            return false;
        }
        if (cellIs(row, cell, NULL)) {
            problem(column + " is NULL");
            return false;
        }
        return true;
    }

    private long integer(CsvRecordReader row, int cell, String column, long min, long max, String range) {
        if (!present(row, cell, column)) {
            return INVALID;
        }
        String source = row.source();
        int start = row.start(cell);
        int end = row.end(cell);
        boolean negative = source.charAt(start) == '-';
        int i = negative ? start + 1 : start;
        if (i == end) {
            problem(column + " '" + row.cell(cell) + "' is not an integer");
            return INVALID;
        }
        long value = 0;
        for (; i < end; i++) {
            char c = source.charAt(i);
            if (c < '0' || c > '9') {
                problem(column + " '" + row.cell(cell) + "' is not an integer");
                return INVALID;
            }
            value = Math.min(value * 10 + (c - '0'), 1L << 40); // saturates: out of range either way
        }
        value = negative ? -value : value;
        // Counts below -2 are out; so are -1 and -2 wherever the range starts at 0.
        if (value < min || value > max) {
            problem(column + " '" + row.cell(cell) + "' is not " + range);
            return INVALID;
        }
        return value;
    }

    private int store(CsvRecordReader row, int cell, String column) {
        String source = row.source();
        int start = row.start(cell);
        int length = row.end(cell) - start;
        if (lastStore != null && lastStore.length() == length && source.startsWith(lastStore, start)) {
            return lastStoreIndex;
        }
        if (cellIs(row, cell, NULL)) {
            problem(column + " is NULL");
            return -1;
        }
        String name = row.cell(cell);
        if (name.isBlank()) {
            problem(column + " is blank");
            return -1;
        }
        Optional<String> invalid = Store.formulaProblem(name);
        if (invalid.isPresent()) {
            // Refused, not rewritten: a file meant for re-ingest is never silently altered.
            problem(column + ": " + invalid.get());
            return -1;
        }
        lastStore = name;
        lastStoreIndex = batch.storeIndex(name);
        return lastStoreIndex;
    }

    /** @return the epoch day of an ISO date {@code yyyy-MM-dd}, or {@link #INVALID} */
    private long date(CsvRecordReader row, int cell, String column) {
        if (!present(row, cell, column)) {
            return INVALID;
        }
        String source = row.source();
        int start = row.start(cell);
        if (row.end(cell) - start != 10) {
            problem(column + " '" + row.cell(cell) + "' is not an ISO date (yyyy-MM-dd)");
            return INVALID;
        }
        long epochDay = epochDay(source, start);
        if (epochDay == INVALID) {
            problem(column + " '" + row.cell(cell) + "' " + whyNotADate(row.cell(cell)));
        }
        return epochDay;
    }

    /**
     * @param source text holding 10 characters from {@code start}
     * @return their epoch day if they are an ISO date from 0001-01-01 to 9999-12-31, else {@link
     *     #INVALID}; the last valid date is cached
     */
    private long epochDay(String source, int start) {
        if (lastDate != null && source.startsWith(lastDate, start)) {
            return lastEpochDay;
        }
        if (source.charAt(start + 4) != '-'
                || source.charAt(start + 7) != '-'
                || !digits(source, start, start + 4)
                || !digits(source, start + 5, start + 7)
                || !digits(source, start + 8, start + 10)) {
            return INVALID;
        }
        int year = Integer.parseInt(source, start, start + 4, 10);
        int month = Integer.parseInt(source, start + 5, start + 7, 10);
        int day = Integer.parseInt(source, start + 8, start + 10, 10);
        if (year < 1
                || month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return INVALID;
        }
        lastDate = source.substring(start, start + 10);
        lastEpochDay = LocalDate.of(year, month, day).toEpochDay();
        return lastEpochDay;
    }

    private static String whyNotADate(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            return date.getYear() < 1 ? "is before 0001-01-01" : "is not an ISO date (yyyy-MM-dd)";
        } catch (DateTimeParseException e) {
            return e.getCause() instanceof DateTimeException
                    ? "is not a valid date (" + e.getCause().getMessage() + ")"
                    : "is not an ISO date (yyyy-MM-dd)";
        }
    }

    private static boolean digits(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** @return the epoch hour of an ISO local date-time that is a whole hour, or {@link #INVALID} */
    private long dateTime(CsvRecordReader row, int cell, String column) {
        if (!present(row, cell, column)) {
            return INVALID;
        }
        String source = row.source();
        int start = row.start(cell);
        // The usual form, 2024-07-01T09:00, is read in place.
        if (row.end(cell) - start == 16
                && source.charAt(start + 10) == 'T'
                && source.charAt(start + 13) == ':'
                && digits(source, start + 11, start + 13)
                && source.startsWith("00", start + 14)) {
            int hourOfDay = Integer.parseInt(source, start + 11, start + 13, 10);
            long epochDay = epochDay(source, start);
            if (epochDay != INVALID && hourOfDay <= 23) {
                return epochDay * 24 + hourOfDay;
            }
        }
        // Anything else, valid (2024-07-01T09:00:00) or not, goes through java.time, which explains.
        String text = row.cell(cell);
        try {
            LocalDateTime hour = LocalDateTime.parse(text);
            if (hour.getMinute() != 0 || hour.getSecond() != 0 || hour.getNano() != 0) {
                problem(column + " '" + text + "' is not a whole hour");
                return INVALID;
            }
            long epochDay = hour.toLocalDate().toEpochDay();
            if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
                problem(column + " '" + text + "' is outside the years 1 to 9999");
                return INVALID;
            }
            return epochDay * 24 + hour.getHour();
        } catch (DateTimeParseException e) {
            problem(column + " '" + text + "' is not an ISO date-time like 2024-07-01T09:00"
                    + (e.getCause() instanceof DateTimeException
                            ? " (" + e.getCause().getMessage() + ")"
                            : ""));
            return INVALID;
        }
    }

    private ReadingStatus status(CsvRecordReader row, int cell) {
        if (cellIs(row, cell, "OK")) {
            return ReadingStatus.OK;
        }
        if (cellIs(row, cell, "FAILED")) {
            return ReadingStatus.FAILED;
        }
        if (cellIs(row, cell, "NOT_OPEN")) {
            return ReadingStatus.NOT_OPEN;
        }
        problem("status '" + row.cell(cell) + "' is not OK, FAILED or NOT_OPEN");
        return null;
    }
}
