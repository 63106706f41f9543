package org.sensorsandmore.core.csv;

import org.sensorsandmore.core.SensorsException;

/**
 * A CSV input whose first line is not the header of a {@link ReadingCsvFormat}, or is missing.
 *
 * <p>The header decides how every row is read, so a wrong one stops the whole read; a wrong data row
 * only rejects that row (see {@link RejectedRow}).
 *
 * <pre>{@code
 * try {
 *     CsvReadResult result = ReadingCsvReader.create().read(path, sink);
 * } catch (CsvHeaderException e) {
 *     // e.getMessage(): "Cannot read july.csv: line 1 is not a readings header: found 'day,shop,n';
 *     //     expected 'store,sensor_id,hour,visits,status,anomaly' or 'date,hour,shop,sensor_id,count,units'"
 * }
 * }</pre>
 */
public final class CsvHeaderException extends SensorsException {
    private static final long serialVersionUID = 1L;

    private final String found;

    /**
     * @param message what is wrong, quoting the header found and the one expected
     * @param found the first line as found; empty when the input had no line at all
     */
    public CsvHeaderException(String message, String found) {
        super(message);
        this.found = found;
    }

    /** @return the first line as found (without its line break); empty when the input was empty */
    public String found() {
        return found;
    }
}
