package org.sensorsandmore.sql.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sensorsandmore.core.Reading;

/**
 * Small hand-computed data: store "Lyon", sensors 0 and 1, full days on the Mondays of July 2024.
 * On the {@code k}-th Monday (0 for July 1st) sensor {@code s} counts {@code (k + 1) * (s + 1)}
 * visits every hour, so a sensor day is {@code 24 * (k + 1) * (s + 1)} and a store day {@code 72 *
 * (k + 1)}.
 *
 * <p>Shared by the tests of several packages, hence public; test code only.
 */
public final class Fixtures {
    /** The store of the readings. */
    public static final String STORE = "Lyon";

    /** The first Monday, July 1st, 2024. */
    public static final LocalDate MONDAY_0 = LocalDate.of(2024, 7, 1);

    private Fixtures() {}

    /** @return the {@code k}-th Monday, 0 for July 1st */
    public static LocalDate monday(int k) {
        return MONDAY_0.plusWeeks(k);
    }

    /** @return what a sensor counts every hour of the {@code k}-th Monday */
    public static int hourly(int k, int sensor) {
        return (k + 1) * (sensor + 1);
    }

    /** Every hour of the Mondays {@code ks}, both sensors. */
    public static List<Reading> mondays(int... ks) {
        List<Reading> readings = new ArrayList<>();
        for (int k : ks) {
            for (int hour = 0; hour < 24; hour++) {
                for (int sensor = 0; sensor < 2; sensor++) {
                    readings.add(Reading.ok(STORE, sensor, monday(k).atTime(hour, 0), hourly(k, sensor)));
                }
            }
        }
        return readings;
    }

    /** Walks up from the working directory to the repository's {@code testdata/} file. */
    public static Path originalDataset() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("testdata").resolve("original-raw-2024-07-01_2024-08-07.csv");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("testdata/original-raw-2024-07-01_2024-08-07.csv not found");
    }
}
