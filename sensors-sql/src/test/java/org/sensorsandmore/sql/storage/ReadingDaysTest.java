package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;

/**
 * The readings stored as sensor-day rows read back through the {@code readings} view exactly as
 * given, and a later ingest merges into the stored rows hour by hour: the hours it gives replace the
 * stored ones, the others stay, and only the hours that change count as written.
 */
class ReadingDaysTest {
    private static final LocalDateTime START = LocalDateTime.of(2024, 3, 4, 0, 0);

    @Test
    void readingsOfEveryKindReadBackAsGivenAndMergeHourByHour() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Map<String, Reading> expected = new LinkedHashMap<>();
            try (Warehouse warehouse = Warehouse.inMemory()) {
                for (int ingest = 0; ingest < 4; ingest++) {
                    List<Reading> given = new ArrayList<>();
                    for (int i = 0; i < 1 + random.nextInt(400); i++) {
                        given.add(reading(random));
                    }
                    // The last reading given for a key wins; a key is written when it is new or differs.
                    Map<String, Reading> last = new LinkedHashMap<>();
                    given.forEach(reading -> last.put(key(reading), reading));
                    long changed = last.entrySet().stream()
                            .filter(entry -> !entry.getValue().equals(expected.get(entry.getKey())))
                            .count();
                    expected.putAll(last);

                    IngestResult result = warehouse.ingest(given);

                    assertThat(result)
                            .as("seed %d, ingest %d", seed, ingest)
                            .isEqualTo(new IngestResult(given.size(), changed));
                    assertThat(stored(warehouse))
                            .as("seed %d, ingest %d", seed, ingest)
                            .containsExactlyInAnyOrderElementsOf(expected.values());
                }
            }
        }
    }

    @Test
    void hoursAddedAfterTheStoredOnesReadBackAsGiven() {
        // Hour after hour (an hourly run's rows, whose hours are set in their stored rows), then
        // three hours at once, a sensor that starts mid-day, and an hour given twice.
        SplittableRandom random = new SplittableRandom(3);
        Map<String, Reading> expected = new LinkedHashMap<>();
        try (Warehouse warehouse = Warehouse.inMemory()) {
            for (int hour = 0; hour < 40; ) {
                int hours = hour < 30 ? 1 : 3;
                int sensors = hour < 20 ? 3 : 4;
                List<Reading> given = new ArrayList<>();
                for (int h = hour; h < hour + hours; h++) {
                    for (int store = 0; store < 2; store++) {
                        for (int sensor = 0; sensor < sensors; sensor++) {
                            given.add(of(random, "Store " + store, sensor, START.plusHours(h)));
                        }
                    }
                }
                given.add(of(random, "Store 0", 0, START.plusHours(hour)));
                given.forEach(reading -> expected.put(key(reading), reading));

                IngestResult result = warehouse.ingest(given);

                assertThat(result).as("hour %d", hour).isEqualTo(new IngestResult(given.size(), given.size() - 1));
                assertThat(stored(warehouse))
                        .as("hour %d", hour)
                        .containsExactlyInAnyOrderElementsOf(expected.values());
                hour += hours;
            }
        }
    }

    /** A reading of one of three stores' sensors over four days, of any status. */
    private static Reading reading(SplittableRandom random) {
        return of(random, "Store " + random.nextInt(3), random.nextInt(4), START.plusHours(random.nextInt(4 * 24)));
    }

    /** A reading of any status. */
    private static Reading of(SplittableRandom random, String store, int sensor, LocalDateTime hour) {
        return switch (random.nextInt(4)) {
            case 0 -> Reading.failed(store, sensor, hour);
            case 1 -> new Reading(store, sensor, hour, ReadingStatus.NOT_OPEN, 0, false);
            case 2 -> new Reading(store, sensor, hour, ReadingStatus.OK, random.nextInt(3), true);
            default -> Reading.ok(store, sensor, hour, random.nextInt(3));
        };
    }

    private static String key(Reading reading) {
        return reading.store() + "/" + reading.sensorId() + "/" + reading.hour();
    }

    private static List<Reading> stored(Warehouse warehouse) {
        return warehouse.inTransaction(transaction -> {
            List<Reading> readings = new ArrayList<>();
            try (Statement statement = transaction.connection().createStatement();
                    ResultSet rs = statement.executeQuery("SELECT s.store, r.sensor_id, r.epoch_hour, r.status,"
                            + " r.visits, r.anomaly FROM readings r JOIN stores s USING (store_id)")) {
                while (rs.next()) {
                    ReadingStatus status = ReadingStatus.ofCode(rs.getByte(4));
                    readings.add(new Reading(
                            rs.getString(1),
                            rs.getInt(2),
                            Hours.ofEpochHour(rs.getInt(3)),
                            status,
                            rs.getInt(5),
                            rs.getBoolean(6)));
                }
            }
            return readings;
        });
    }
}
