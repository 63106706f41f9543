package org.sensorsandmore.http.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.AlertRule;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.alerts.Alerts;

/**
 * Two incidents in a warehouse: Lyon and Nice hold 2024-07-01 only and go stale by the next
 * morning; then Lyon's data arrives. Incident 1 (Lyon) is closed, incident 2 (Nice) open.
 */
final class AlertsFixture {
    private static final LocalDate DAY = LocalDate.of(2024, 7, 1);

    private AlertsFixture() {}

    static void staleLyonRecoveredNiceOpen(Warehouse warehouse) {
        List<Reading> readings = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            readings.add(Reading.ok("Lyon", 0, DAY.atTime(hour, 0), 5));
            readings.add(Reading.ok("Nice", 0, DAY.atTime(hour, 0), 5));
        }
        warehouse.ingest(readings);
        AlertSettings stale =
                AlertSettings.builder().rules(Set.of(AlertRule.STALE)).build();
        LocalDateTime late = DAY.plusDays(1).atTime(5, 0);
        Alerts.of(warehouse, stale, Clock.fixed(Instant.parse("2024-07-02T05:00:00Z"), ZoneOffset.UTC))
                .run(store -> late);
        warehouse.ingest(List.of(Reading.ok("Lyon", 0, late.minusHours(1), 5)));
        Alerts.of(warehouse, stale, Clock.fixed(Instant.parse("2024-07-02T05:10:00Z"), ZoneOffset.UTC))
                .run(store -> late);
    }
}
