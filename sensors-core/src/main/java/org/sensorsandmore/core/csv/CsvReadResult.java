package org.sensorsandmore.core.csv;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ReadingCsvReader} made of an input: how many data rows it read, accepted and rejected,
 * and the rejected rows themselves (the first ones, up to {@link ReadingCsvReader#withMaxRejectedRows
 * a limit}).
 *
 * <p>Every data row is either accepted or rejected: {@code rowsRead() == rowsAccepted() +
 * rowsRejected()}. The header and empty lines are not data rows.
 *
 * <pre>{@code
 * CsvReadResult result = ReadingCsvReader.create().read(path, sink);
 * result.format();             // ORIGINAL
 * result.rowsRead();           // 35217
 * result.rowsAccepted();       // 34861
 * result.rowsRejected();       // 356
 * result.rejectedRows();       // the first 356, each with its line number and reason
 * result.rejectedRowsOmitted(); // 0
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param format the format the input was read in
 * @param rowsRead the data rows read
 * @param rowsAccepted the rows handed to the sink as readings
 * @param rowsRejected the rows that were not
 * @param rejectedRows the first rejected rows, in input order (an immutable copy)
 */
public record CsvReadResult(
        ReadingCsvFormat format, long rowsRead, long rowsAccepted, long rowsRejected, List<RejectedRow> rejectedRows) {

    /** Validates that the counts add up. */
    public CsvReadResult {
        Objects.requireNonNull(format, "format");
        rejectedRows = List.copyOf(rejectedRows);
        if (rowsAccepted < 0 || rowsRejected < 0 || rowsRead != rowsAccepted + rowsRejected) {
            throw new IllegalArgumentException("Rows read (" + rowsRead + ") must be rows accepted (" + rowsAccepted
                    + ") plus rows rejected (" + rowsRejected + "), none negative");
        }
        if (rejectedRows.size() > rowsRejected) {
            throw new IllegalArgumentException(
                    rejectedRows.size() + " rejected rows are listed, yet only " + rowsRejected + " were rejected");
        }
    }

    /** @return how many rejected rows were counted but not kept in {@link #rejectedRows()} */
    public long rejectedRowsOmitted() {
        return rowsRejected - rejectedRows.size();
    }

    /** @return whether every data row was accepted */
    public boolean isClean() {
        return rowsRejected == 0;
    }
}
