package org.sensorsandmore.core.csv;

import java.util.Objects;

/**
 * A data row that {@link ReadingCsvReader} could not turn into a reading, and why.
 *
 * <pre>{@code
 * RejectedRow row = result.rejectedRows().get(0);
 * row.lineNumber();  // 204 (the header is line 1)
 * row.text();        // "2024-07-09,11,Madrid,NULL,929,visits"
 * row.reason();      // "sensor_id is NULL"
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param lineNumber the physical line the row starts on, counting from 1 for the header (a row whose
 *     quoted store name holds a line break spans several lines)
 * @param text the row as it stands in the input, without its final line break; cut to {@link
 *     #MAX_TEXT_LENGTH} characters followed by {@code "…"} when longer
 * @param reason every problem found in the row, separated by {@code "; "}, naming the column and
 *     quoting the value (for example {@code "hour '24' is not between 0 and 23"})
 */
public record RejectedRow(long lineNumber, String text, String reason) {
    /** The longest {@link #text} kept: a rejected row longer than this is cut, so memory stays bounded. */
    public static final int MAX_TEXT_LENGTH = 1_000;

    /** Validates the components. */
    public RejectedRow {
        if (lineNumber < 1) {
            throw new IllegalArgumentException("A line number must be 1 or more, not " + lineNumber);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason + " in '" + text + "'";
    }
}
