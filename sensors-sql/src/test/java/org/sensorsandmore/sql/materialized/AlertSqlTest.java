package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;

/** Each store's last stored hour, read from the store rows, is the coverage's, read from every sensor-day. */
class AlertSqlTest {
    @Test
    void eachStoresLastHourIsTheCoveragesWhateverHourItStopsAtAndWhateverFailed() {
        Random random = new Random(7);
        LocalDateTime first = LocalDateTime.of(2024, 3, 4, 0, 0);
        List<Reading> readings = new ArrayList<>();
        for (int store = 0; store < 12; store++) {
            String name = "Store " + store;
            // Each stops at another hour, some at midnight and some at 23:00; sensors stop apart.
            int hours = 24 * (3 + store % 4) + (store == 0 ? 0 : random.nextInt(24));
            for (int sensor = 0; sensor < 3; sensor++) {
                int last = hours - (sensor == 2 ? random.nextInt(30) : 0);
                for (int hour = 0; hour <= last; hour++) {
                    LocalDateTime at = first.plusHours(hour);
                    readings.add(
                            random.nextInt(5) == 0
                                    ? Reading.failed(name, sensor, at)
                                    : Reading.ok(name, sensor, at, 3));
                }
            }
        }
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(readings);
            Map<String, LocalDateTime> covered = new LinkedHashMap<>();
            for (StoreCoverage store : warehouse.coverage()) {
                covered.put(store.store(), store.lastHour());
            }

            assertThat(warehouse.read(AlertSql::lastHours)).hasSize(12).containsExactlyEntriesOf(covered);
        }
    }
}
