package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Sensor;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;

/**
 * The reference values come from the original system (ORIGINAL.md §1–2), or from its sensor code
 * run with numpy where the documentation has none.
 */
class ClassicModelTest {
    private static final ClassicModel MODEL = new ClassicModel();
    private static final LocalDateTime INSTALLED = LocalDateTime.of(2021, 9, 15, 0, 0);

    /** The original's {@code Sensor(0, 1000, 150, init 2021-09-15, p_fail=0.05, p_anom=0.2)}. */
    private static final Store ONE_SENSOR = Store.builder("Single")
            .opened(INSTALLED)
            .sensors(List.of(new Sensor(0, INSTALLED)))
            .meanVisits(1000)
            .stdVisits(150)
            .failureProbability(0.05)
            .anomalyProbability(0.2)
            .build();

    /** An original 8-sensor store opened 2023-08-04 08:00, with the original's default capacity and probs. */
    private static final Store EIGHT_SENSORS = Store.builder("Eight")
            .opened(LocalDateTime.of(2023, 8, 4, 8, 0))
            .sensors(8)
            .meanVisits(1000)
            .stdVisits(150)
            .failureProbability(0.05)
            .anomalyProbability(0.2)
            .build();

    private static Reading single(LocalDateTime hour) {
        return MODEL.reading(ONE_SENSOR, 0, hour);
    }

    @Test
    void anomalousHourMatchesTheOriginal() {
        Reading reading = single(LocalDateTime.of(2024, 9, 9, 8, 0));
        assertThat(reading.status()).isEqualTo(ReadingStatus.OK);
        assertThat(reading.visits()).isEqualTo(80);
        assertThat(reading.anomaly()).isTrue();
    }

    @Test
    void ordinaryHourMatchesTheOriginal() {
        assertThat(single(LocalDateTime.of(2024, 9, 10, 10, 0)).visits()).isEqualTo(990);
    }

    @Test
    void failedHourMatchesTheOriginal() {
        assertThat(single(LocalDateTime.of(2024, 8, 14, 19, 0)))
                .isEqualTo(Reading.failed("Single", 0, LocalDateTime.of(2024, 8, 14, 19, 0)));
    }

    @Test
    void failureIsCheckedBeforeClosingHours() {
        // A Monday at midnight and a Sunday noon: closed, yet the original reports -1 for both.
        assertThat(single(LocalDateTime.of(2024, 9, 2, 0, 0)).status()).isEqualTo(ReadingStatus.FAILED);
        assertThat(single(LocalDateTime.of(2024, 10, 6, 12, 0)).status()).isEqualTo(ReadingStatus.FAILED);
    }

    @Test
    void sundaysAndNightsCountNobody() {
        assertThat(single(LocalDateTime.of(2024, 9, 1, 8, 0)))
                .isEqualTo(Reading.ok("Single", 0, LocalDateTime.of(2024, 9, 1, 8, 0), 0));
        assertThat(IntStream.range(0, 24)
                        .filter(h -> h < 8 || h >= 18)
                        .mapToObj(h -> single(LocalDateTime.of(2024, 9, 10, h, 0)))
                        .filter(Reading::isOk))
                .isNotEmpty()
                .allSatisfy(reading -> assertThat(reading.visits()).isZero());
    }

    @Test
    void eightSensorStoreMatchesTheOriginalSums() {
        LocalDate day = LocalDate.of(2024, 1, 22);
        assertThat(IntStream.range(0, 8)
                        .map(k -> MODEL.reading(EIGHT_SENSORS, k, day.atTime(9, 0))
                                .visits())
                        .sum())
                .isEqualTo(4632);
        assertThat(IntStream.range(0, 24)
                        .map(h -> MODEL.reading(EIGHT_SENSORS, 0, day.atTime(h, 0))
                                .visits())
                        .sum())
                .isEqualTo(5878);
        assertThat(IntStream.range(0, 24)
                        .flatMap(h -> IntStream.range(0, 8)
                                .map(k -> MODEL.reading(EIGHT_SENSORS, k, day.atTime(h, 0))
                                        .visits()))
                        .sum())
                .isEqualTo(51946);
    }

    @Test
    void originalNetworkMatchesTheOriginalApi() {
        Store paris = StoreNetwork.original().store("Paris");
        LocalDateTime noon = LocalDateTime.of(2022, 7, 30, 12, 0);
        assertThat(MODEL.reading(paris, 12, noon).visits()).isEqualTo(5714);
        assertThat(IntStream.range(0, 20)
                        .map(k -> MODEL.reading(paris, k, noon).visits())
                        .sum())
                .isEqualTo(147093);
    }

    @Test
    void everyCleanRowOfTheOriginalDatasetIsReproduced() throws IOException {
        StoreNetwork network = StoreNetwork.original();
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(originalRaw(), StandardCharsets.UTF_8)) {
            assertThat(reader.readLine()).isEqualTo("date,hour,shop,sensor_id,count,units");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                if (List.of(cells).contains("NULL")) {
                    continue;
                }
                LocalDateTime hour = LocalDate.parse(cells[0]).atTime(Integer.parseInt(cells[1]), 0);
                int sensorId = Integer.parseInt(cells[3]);
                int count = Integer.parseInt(cells[4]);
                Reading reading = MODEL.reading(network.store(cells[2]), sensorId, hour);
                compared++;
                if (reading.legacyCount() != count) {
                    mismatches.add(line + " but the model gives " + reading);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isEqualTo(34_861);
    }

    @Test
    void bulkFillEqualsPerReadingCalls() {
        // Four weeks around Madrid's opening, so bulk rows also hold NOT_OPEN hours.
        HourWindow window = HourWindow.of(LocalDate.of(2023, 12, 18), LocalDate.of(2024, 1, 15));
        StoreNetwork network = StoreNetwork.original();
        @SuppressWarnings("UnnecessaryMethodReference") // a model of its own, so fill() is the per-reading default
        TrafficModel perReading = MODEL::reading;
        List<Reading> bulk = ReadingGenerator.of(MODEL, network).readings(window);
        List<Reading> expected = ReadingGenerator.of(perReading, network).readings(window);
        assertThat(bulk).hasSize(39 * 28 * 24).isEqualTo(expected);
        assertThat(bulk).extracting(Reading::status).contains(ReadingStatus.NOT_OPEN, ReadingStatus.FAILED);
        assertThat(bulk).anyMatch(Reading::anomaly);
    }

    @Test
    void openingHourAndEarlierHoursAreNotOpen() {
        LocalDateTime opened = EIGHT_SENSORS.opened();
        for (LocalDateTime hour : List.of(opened.minusYears(3), opened.minusHours(1), opened)) {
            assertThat(MODEL.reading(EIGHT_SENSORS, 3, hour))
                    .isEqualTo(new Reading("Eight", 3, hour, ReadingStatus.NOT_OPEN, 0, false));
        }
        assertThat(MODEL.reading(EIGHT_SENSORS, 3, opened.plusHours(1)).status())
                .isNotEqualTo(ReadingStatus.NOT_OPEN);

        List<Reading> bulk = ReadingGenerator.of(MODEL, StoreNetwork.of(EIGHT_SENSORS))
                .readings(HourWindow.of(opened.minusHours(2), opened.plusHours(2)));
        assertThat(bulk).hasSize(4 * 8);
        assertThat(bulk.subList(0, 3 * 8)).allMatch(reading -> reading.status() == ReadingStatus.NOT_OPEN);
        assertThat(bulk.subList(3 * 8, 4 * 8)).noneMatch(reading -> reading.status() == ReadingStatus.NOT_OPEN);
    }

    @Test
    void generatingOnSeveralThreadsGivesTheSameReadings() throws Exception {
        // Hours far from the other tests' seeds, and tables of their own, so the threads race to
        // fill cold blocks; the reference comes from a single thread on another table.
        HourWindow window = HourWindow.of(LocalDate.of(2150, 3, 1), LocalDate.of(2150, 4, 1));
        StoreNetwork network = StoreNetwork.original();
        ClassicModel shared = new ClassicModel(new ClassicDraws());
        CountDownLatch start = new CountDownLatch(1);
        Callable<List<Reading>> task = () -> {
            start.await();
            return ReadingGenerator.of(shared, network).withBatchRows(512).readings(window);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Reading>> first = pool.submit(task);
            Future<List<Reading>> second = pool.submit(task);
            start.countDown();
            List<Reading> expected = ReadingGenerator.of(new ClassicModel(new ClassicDraws()), network)
                    .readings(window);
            assertThat(first.get()).isEqualTo(expected);
            assertThat(second.get()).isEqualTo(expected);
            assertThat(ReadingGenerator.of(shared, network).withThreads(2).readings(window))
                    .isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownSensorAndPartialHourAreRejected() {
        assertThatThrownBy(() -> MODEL.reading(EIGHT_SENSORS, 8, LocalDateTime.of(2024, 1, 22, 9, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..7");
        assertThatThrownBy(() -> MODEL.reading(EIGHT_SENSORS, 0, LocalDateTime.of(2024, 1, 22, 9, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole hour");
    }

    @Test
    void sensorInstalledBeforeYearOneIsRejected() {
        Store ancient = ONE_SENSOR.toBuilder()
                .sensors(List.of(new Sensor(0, LocalDateTime.MIN)))
                .build();
        LocalDateTime hour = LocalDateTime.of(2024, 1, 22, 9, 0);
        assertThatThrownBy(() -> MODEL.reading(ancient, 0, hour))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
        assertThatThrownBy(() ->
                        ReadingGenerator.of(MODEL, StoreNetwork.of(ancient)).readings(HourWindow.ofHour(hour)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
    }

    /** Walks up from the working directory to the folder holding {@code testdata/}. */
    private static Path originalRaw() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("testdata").resolve("original-raw-2024-07-01_2024-08-07.csv");
            if (Files.isDirectory(dir.resolve("testdata"))) {
                return file;
            }
        }
        throw new IllegalStateException("No testdata/ folder above " + System.getProperty("user.dir"));
    }
}
