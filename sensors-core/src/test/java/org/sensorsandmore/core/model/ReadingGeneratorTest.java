package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;

class ReadingGeneratorTest {
    private static final HourWindow TEN_DAYS = HourWindow.of(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 11));

    /** A model whose value encodes its coordinates, so misplaced rows show. */
    private static final TrafficModel CODED = (store, sensorId, hour) -> {
        int code = (store.name().length() * 100 + sensorId) * 100_000 + Hours.toEpochHour(hour) % 100_000;
        return code % 7 == 0
                ? Reading.failed(store.name(), sensorId, hour)
                : Reading.ok(store.name(), sensorId, hour, code);
    };

    @Test
    void readingsComeHourByHourThenStoreThenSensor() {
        StoreNetwork network = StoreNetwork.original();
        List<Reading> readings = ReadingGenerator.of(CODED, network)
                .readings(HourWindow.of(LocalDateTime.of(2024, 3, 1, 9, 0), LocalDateTime.of(2024, 3, 1, 11, 0)));

        assertThat(readings).hasSize(2 * 39);
        assertThat(readings.get(0))
                .isEqualTo(CODED.reading(network.store("Madrid"), 0, LocalDateTime.of(2024, 3, 1, 9, 0)));
        assertThat(readings.get(1).store()).isEqualTo("Paris");
        assertThat(readings.get(20).sensorId()).isEqualTo(19);
        assertThat(readings.get(39).hour()).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 0));
        for (Reading reading : readings) {
            assertThat(reading)
                    .isEqualTo(CODED.reading(network.store(reading.store()), reading.sensorId(), reading.hour()));
        }
    }

    @Test
    void outputDoesNotDependOnThreadsOrBatchSize() {
        StoreNetwork network = StoreNetwork.original();
        List<Reading> reference = ReadingGenerator.of(CODED, network).readings(TEN_DAYS);

        assertThat(ReadingGenerator.of(CODED, network)
                        .withThreads(2)
                        .withBatchRows(100)
                        .readings(TEN_DAYS))
                .isEqualTo(reference);
        assertThat(ReadingGenerator.of(CODED, network)
                        .withThreads(3)
                        .withBatchRows(1)
                        .readings(TEN_DAYS))
                .isEqualTo(reference);
        assertThat(reference).hasSize(39 * 240);
    }

    @Test
    void windowSplitInTwoGivesTheSameReadings() {
        ReadingGenerator generator =
                ReadingGenerator.of(CODED, StoreNetwork.original()).withBatchRows(500);
        List<HourWindow> halves = TEN_DAYS.split(LocalDateTime.of(2024, 3, 4, 13, 0));
        List<Reading> joined = new ArrayList<>(generator.readings(halves.get(0)));
        joined.addAll(generator.readings(halves.get(1)));

        assertThat(joined).isEqualTo(generator.readings(TEN_DAYS));
    }

    @Test
    void failureOnAWorkerThreadReachesTheCaller() {
        TrafficModel broken = (store, sensorId, hour) -> {
            throw new IllegalStateException("broken model at " + hour);
        };
        assertThatThrownBy(() -> ReadingGenerator.of(broken, StoreNetwork.original())
                        .withThreads(2)
                        .withBatchRows(50)
                        .generate(TEN_DAYS, batch -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken model");
    }

    @Test
    void failureInTheSinkStopsGeneration() {
        List<Integer> seen = new ArrayList<>();
        ReadingSink failing = batch -> {
            seen.add(batch.size());
            throw new IllegalStateException("disk full");
        };
        assertThatThrownBy(() -> ReadingGenerator.of(CODED, StoreNetwork.original())
                        .withThreads(2)
                        .withBatchRows(50)
                        .generate(TEN_DAYS, failing))
                .hasMessage("disk full");
        assertThat(seen).hasSize(1);
    }

    @Test
    void failedReadingsKeepTheirStatusThroughBatches() {
        Store store = Store.builder("Seven").sensors(7).build();
        List<Reading> readings =
                ReadingGenerator.of(CODED, StoreNetwork.of(store)).readings(TEN_DAYS);
        assertThat(readings).anyMatch(r -> r.status() == ReadingStatus.FAILED);
        assertThat(readings).allMatch(r -> r.status() != ReadingStatus.FAILED || r.visits() == 0);
    }

    @Test
    void invalidSettingsAreRejected() {
        ReadingGenerator generator = ReadingGenerator.of(CODED, StoreNetwork.original());
        assertThatThrownBy(() -> generator.withThreads(0)).hasMessageContaining("threads must be at least 1, not 0");
        assertThatThrownBy(() -> generator.withBatchRows(-5)).hasMessageContaining("-5");
    }
}
