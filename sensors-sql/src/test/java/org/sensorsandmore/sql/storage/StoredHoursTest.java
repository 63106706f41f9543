package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.testing.OldSchema;

/**
 * Each store's stored hours live in the database (schema 8): a new process learns them without
 * scanning the readings, and still never stores a key twice.
 */
class StoredHoursTest {
    private static final LocalDate JULY = LocalDate.of(2024, 7, 1);

    @TempDir
    Path dir;

    @Test
    void anotherProcessReplacesTheHoursAnEarlierOneStoredInsteadOfRepeatingThem() {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            ingest(warehouse, 7, JULY, JULY.plusDays(3));
        }
        // A new process, a new model: days 2 and 3 overlap what the first stored.
        try (Warehouse warehouse = Warehouse.open(file)) {
            ingest(warehouse, 8, JULY.plusDays(1), JULY.plusDays(4));
            long sensors = StoreNetwork.original().stores().stream()
                    .mapToLong(store -> store.sensorCount())
                    .sum();
            assertThat(scalar(warehouse, "SELECT COUNT(*) FROM readings")).isEqualTo(4 * 24 * sensors);
            assertThat(scalar(
                            warehouse,
                            "SELECT COUNT(*) FROM (SELECT DISTINCT store_id, sensor_id, epoch_hour FROM readings)"))
                    .isEqualTo(4 * 24 * sensors);
            assertThat(table(warehouse))
                    .isEqualTo(fromReadings(warehouse))
                    .hasSize(StoreNetwork.original().stores().size());
        }
    }

    @Test
    void aVersion7FileLearnsEachStoresHoursFromItsReadingsOnce() {
        Path file = dir.resolve("v7.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            ingest(warehouse, 7, JULY, JULY.plusDays(2));
            OldSchema.downgrade(warehouse, 7, StoredHours.TABLE);
        }
        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(OldSchema.version(warehouse)).isEqualTo(Schema.CURRENT);
            Map<Integer, String> migrated = table(warehouse);
            assertThat(migrated).isEqualTo(fromReadings(warehouse)).isNotEmpty();
            // And it is kept from there: a later day widens every store's last hour.
            ingest(warehouse, 7, JULY.plusDays(2), JULY.plusDays(3));
            assertThat(table(warehouse)).isEqualTo(fromReadings(warehouse)).isNotEqualTo(migrated);
        }
    }

    private static void ingest(Warehouse warehouse, long seed, LocalDate from, LocalDate to) {
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(seed), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(from, to));
        }
    }

    /** @return the table's rows as "first..last" by store id */
    private static Map<Integer, String> table(Warehouse warehouse) {
        return ranges(warehouse, "SELECT store_id, first_hour, last_hour FROM " + StoredHours.TABLE);
    }

    private static Map<Integer, String> fromReadings(Warehouse warehouse) {
        return ranges(warehouse, "SELECT store_id, MIN(epoch_hour), MAX(epoch_hour) FROM readings GROUP BY store_id");
    }

    private static Map<Integer, String> ranges(Warehouse warehouse, String sql) {
        return warehouse.read(connection -> {
            Map<Integer, String> ranges = new TreeMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    ranges.put(rs.getInt(1), rs.getInt(2) + ".." + rs.getInt(3));
                }
            }
            return ranges;
        });
    }

    private static long scalar(Warehouse warehouse, String sql) {
        return warehouse.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
