package org.sensorsandmore.sql.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;

/**
 * sensor_hourly computes a gapless sensor's baseline by offset (168 readings a week) and any other
 * sensor's with a RANGE frame over dates; both must give the client's definition, checked here
 * against a plain computation of it: the mean of the non-null visits of the same hour on the same
 * weekday over the current and the previous weeks, by date.
 */
class HourlyBaselineTest {
    private static final LocalDate FROM = LocalDate.of(2023, 12, 4);

    @ParameterizedTest(name = "{0} weeks, holes: {1}, {2}")
    @CsvSource({
        "4, false, EXCLUDE",
        "4, true, EXCLUDE",
        "4, true, LEGACY_ZERO",
        "1, true, EXCLUDE",
        "2, false, LEGACY_ZERO",
        "6, true, EXCLUDE"
    })
    void everyRowsBaselineIsTheMeanOfTheSameHourInTheWeeksBefore(int weeks, boolean holes, FailurePolicy policy) {
        // Madrid opens on 2024-01-01 (not-open hours before), and the footfall model fails readings.
        StoreNetwork network = StoreNetwork.original().only(List.of("Madrid", "Roma"));
        List<Reading> readings = new ArrayList<>();
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(11), network)) {
            client.readings(HourWindow.of(FROM, FROM.plusWeeks(9)), batch -> readings.addAll(batch.toList()));
        }
        if (holes) {
            // Roma's sensor 0 misses a few hours and a whole day: its readings are no longer gapless.
            readings.removeIf(r -> r.store().equals("Roma")
                    && r.sensorId() == 0
                    && (r.hour().toLocalDate().equals(LocalDate.of(2024, 1, 9))
                            || r.hour().equals(LocalDateTime.of(2024, 1, 17, 10, 0))
                            || r.hour().equals(LocalDateTime.of(2024, 1, 24, 11, 0))));
        }
        Map<String, Long> visits = new HashMap<>();
        for (Reading r : readings) {
            Long value = r.status() == ReadingStatus.FAILED
                    ? (policy == FailurePolicy.LEGACY_ZERO ? Long.valueOf(0) : null)
                    : Long.valueOf(r.visits());
            visits.put(key(r.store(), r.sensorId(), r.hour()), value);
        }

        List<ViewRow> rows;
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(readings);
            rows = warehouse.query(
                    ViewQuery.of(View.SENSOR_HOURLY).withBaselineWeeks(weeks).withFailurePolicy(policy));
        }

        assertThat(rows).hasSize(readings.size());
        Map<String, Double> expected = new HashMap<>();
        for (Reading r : readings) {
            long sum = 0;
            int counted = 0;
            for (int k = 0; k < weeks; k++) {
                Long value = visits.get(key(r.store(), r.sensorId(), r.hour().minusWeeks(k)));
                if (value != null) {
                    sum += value;
                    counted++;
                }
            }
            expected.put(key(r.store(), r.sensorId(), r.hour()), counted == 0 ? null : (double) sum / counted);
        }
        Map<String, Double> actual = rows.stream()
                .collect(
                        HashMap::new,
                        (map, row) -> map.put(
                                key(row.store(), row.sensorId(), row.date().atTime(row.hour(), 0)), row.baseline()),
                        Map::putAll);
        List<String> wrong = expected.keySet().stream()
                .filter(key -> !Objects.equals(expected.get(key), actual.get(key)))
                .sorted()
                .limit(5)
                .map(key -> key + ": expected " + expected.get(key) + ", got " + actual.get(key))
                .collect(Collectors.toList());
        assertThat(wrong).isEmpty();
    }

    private static String key(String store, int sensor, LocalDateTime hour) {
        return store + "/" + sensor + "/" + hour;
    }
}
