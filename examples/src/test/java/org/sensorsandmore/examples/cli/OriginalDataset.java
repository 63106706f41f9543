package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The original's raw dataset in {@code testdata/}, and the check that a file holds its clean rows. */
final class OriginalDataset {
    private OriginalDataset() {}

    /**
     * @return the original's dataset in the repository's {@code testdata/}, as the build tells the
     *     tests (pom.xml's surefire configuration)
     */
    static Path path() {
        String testdata = Objects.requireNonNull(System.getProperty("sensors.testdata"), "sensors.testdata");
        return Path.of(testdata, "original-raw-2024-07-01_2024-08-07.csv");
    }

    /**
     * Asserts that a CSV in the original's format has {@code rows} readings, and among them, to the
     * count and unit, each of the 34,861 rows of the original's dataset that is not NULL.
     *
     * @param csv the file written
     * @param rows how many readings it has
     * @throws IOException when a file cannot be read
     */
    static void assertHoldsEveryCleanRow(Path csv, int rows) throws IOException {
        Map<String, String> written = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("date,hour,shop,sensor_id,count,units");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            written.put(cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3], cells[4] + "," + cells[5]);
        }
        assertThat(written).hasSize(rows);

        long compared = 0;
        for (String line : Files.readAllLines(path()).subList(1, 35_218)) {
            if (line.contains("NULL")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String key = cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3];
            assertThat(written.get(key)).as(key).isEqualTo(cells[4] + "," + cells[5]);
            compared++;
        }
        assertThat(compared).isEqualTo(34_861);
    }
}
