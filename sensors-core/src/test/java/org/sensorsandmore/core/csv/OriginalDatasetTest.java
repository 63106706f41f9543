package org.sensorsandmore.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;

/** The dataset the original dashboard shipped: a real dirty input (see testdata/README.md). */
class OriginalDatasetTest {
    private static List<String> lines;
    private static CsvReadResult result;
    private static List<Reading> readings;

    @BeforeAll
    static void readTheFile() throws IOException {
        Path file = TestData.originalRaw();
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        readings = new ArrayList<>();
        result = ReadingCsvReader.create().read(file, ReadingSink.into(readings));
    }

    @Test
    void everyRowIsReadAndAccountedFor() {
        assertThat(result.format()).isEqualTo(ReadingCsvFormat.ORIGINAL);
        assertThat(result.rowsRead()).isEqualTo(35_217);
        assertThat(result.rowsRejected()).isEqualTo(356);
        assertThat(result.rowsAccepted()).isEqualTo(34_861);
        assertThat(readings).hasSize(34_861);
        assertThat(result.rejectedRowsOmitted()).isZero();
    }

    @Test
    void eachRejectedRowIsANullRowWithItsLineNumber() {
        List<Long> nullLines = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (List.of(lines.get(i).split(",", -1)).contains("NULL")) {
                nullLines.add(i + 1L);
            }
        }

        assertThat(result.rejectedRows()).extracting(RejectedRow::lineNumber).isEqualTo(nullLines);
        assertThat(result.rejectedRows()).allSatisfy(rejected -> {
            assertThat(rejected.text()).isEqualTo(lines.get((int) rejected.lineNumber() - 1));
            assertThat(rejected.reason()).matches("(date|hour|shop|sensor_id|count) is NULL");
        });
        assertThat(result.rejectedRows())
                .filteredOn(rejected -> rejected.lineNumber() == 204)
                .singleElement()
                .isEqualTo(new RejectedRow(204, "2024-07-09,11,Madrid,NULL,929,visits", "sensor_id is NULL"));
    }

    @Test
    void failedCountsMatchAPlainCountOfTheFile() {
        long minusOne = 0;
        long minusOneWithoutNull = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[4].equals("-1")) {
                minusOne++;
                if (!line.contains("NULL")) {
                    minusOneWithoutNull++;
                }
            }
        }

        assertThat(minusOne).isEqualTo(625);
        assertThat(readings.stream().filter(r -> r.status() == ReadingStatus.FAILED))
                .hasSize((int) minusOneWithoutNull);
        assertThat(readings.stream().filter(r -> r.status() == ReadingStatus.NOT_OPEN))
                .isEmpty();
    }

    @Test
    void acceptedRowsAreTheOriginalsAsReadings() {
        assertThat(readings.get(0)).isEqualTo(Reading.ok("Madrid", 0, java.time.LocalDateTime.of(2024, 7, 1, 1, 0), 0));
        assertThat(readings).extracting(Reading::store).containsOnly("Madrid", "Paris", "Berlin", "London", "Roma");
        assertThat(readings).noneMatch(Reading::anomaly);
    }
}
