package org.sensorsandmore.core.csv;

import java.util.List;
import java.util.Optional;

/**
 * The two CSV layouts of readings: the library's own and the original Python system's.
 *
 * <table>
 *   <caption>One reading in each format</caption>
 *   <tr><th>Format</th><th>Header</th><th>A row</th></tr>
 *   <tr><td>{@link #LIBRARY}</td><td>{@code store,sensor_id,hour,visits,status,anomaly}</td>
 *       <td>{@code Paris,3,2024-07-01T09:00,6912,OK,false}</td></tr>
 *   <tr><td>{@link #ORIGINAL}</td><td>{@code date,hour,shop,sensor_id,count,units}</td>
 *       <td>{@code 2024-07-01,9,Paris,3,6912,visits}</td></tr>
 * </table>
 *
 * <p>See the {@linkplain org.sensorsandmore.core.csv package description} for every cell's rules.
 *
 * <p>This enum is immutable and thread-safe.
 */
@SuppressWarnings("ImmutableEnumChecker") // the header is a List.of, which is immutable
public enum ReadingCsvFormat {
    /**
     * The library's own format, {@code store,sensor_id,hour,visits,status,anomaly}: every field of a
     * {@link org.sensorsandmore.core.Reading}, the hour as an ISO local date-time ({@code
     * 2024-07-01T09:00}), {@code visits} empty unless the status is {@code OK}.
     */
    LIBRARY(List.of("store", "sensor_id", "hour", "visits", "status", "anomaly")),

    /**
     * The original Python system's format, {@code date,hour,shop,sensor_id,count,units}: the hour
     * split into an ISO date and an hour of day 0..23, a count of {@code -1} for a failed sensor and
     * {@code -2} for an hour before the store opened, {@code units} {@code visits} for a count of 0 or
     * more and empty otherwise. It has no anomaly flag: it reads as {@code false} and is not written.
     */
    ORIGINAL(List.of("date", "hour", "shop", "sensor_id", "count", "units"));

    private final List<String> header;
    private final String headerLine;

    ReadingCsvFormat(List<String> header) {
        this.header = header;
        this.headerLine = String.join(",", header);
    }

    /** @return the column names, in order (an immutable list) */
    public List<String> header() {
        return header;
    }

    /** @return the header as it is written: the column names joined by commas, without line break */
    public String headerLine() {
        return headerLine;
    }

    /**
     * @param cells the cells of a file's first record
     * @return the format whose header those cells are exactly, if any
     */
    public static Optional<ReadingCsvFormat> ofHeader(List<String> cells) {
        for (ReadingCsvFormat format : values()) {
            if (format.header.equals(cells)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
