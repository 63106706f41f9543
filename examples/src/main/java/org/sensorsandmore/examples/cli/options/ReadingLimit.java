package org.sensorsandmore.examples.cli.options;

import java.nio.file.Path;
import java.util.Locale;
import org.sensorsandmore.core.io.DiskSpace;
import picocli.CommandLine.Option;

/**
 * The size guard of the commands that make or move readings: work above {@code --max-readings} is
 * refused before anything starts, in one line that gives its size, so that a mistyped year costs a
 * message instead of gigabytes and minutes.
 */
public final class ReadingLimit {
    /** About the library CSV's bytes per reading ({@code Paris,12,2024-07-01T09:00,6912,OK,false}). */
    public static final int CSV_BYTES = 43;

    /** About the original CSV's bytes per reading ({@code 2024-07-01,9,Paris,12,6912,visits}). */
    public static final int ORIGINAL_CSV_BYTES = 33;

    /** About the raw parquet dataset's bytes per reading (measured on a year of a 10x10 fleet). */
    public static final int PARQUET_BYTES = 2;

    /** A year of a 1,000-sensor fleet is 8.8 M readings: this is ten of those, and then some. */
    static final long DEFAULT_MAX_READINGS = 100_000_000L;

    @Option(
            names = "--max-readings",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_MAX_READINGS,
            description = "Refuse work of more than N readings, before it starts (default: ${DEFAULT-VALUE}).")
    long maxReadings = DEFAULT_MAX_READINGS;

    /**
     * @param what the work, for the message: "the window [2024-01-01T00:00, 2025-01-01T00:00) of 39 sensors"
     * @param readings the readings it makes or moves
     * @param bytesPerReading what one reading takes where it is written
     * @param where the file or folder written, for its free space
     * @throws IllegalArgumentException above the limit, giving the size, the estimated bytes and the
     *     free space
     */
    public void check(String what, long readings, int bytesPerReading, Path where) {
        if (readings <= max()) {
            return;
        }
        long bytes = readings > Long.MAX_VALUE / bytesPerReading ? Long.MAX_VALUE : readings * bytesPerReading;
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "%s is %,d readings, about %s%s: more than --max-readings %,d (shorten it, or raise the limit)",
                what,
                readings,
                DiskSpace.describe(bytes),
                free(where),
                maxReadings));
    }

    /**
     * @return the limit
     * @throws IllegalArgumentException when it is less than 1
     */
    public long max() {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("--max-readings must be at least 1, not " + maxReadings);
        }
        return maxReadings;
    }

    private static String free(Path where) {
        return where == null
                ? ""
                : DiskSpace.freeNear(where).map(free -> " (" + free + ")").orElse("");
    }
}
