package org.sensorsandmore.sql.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.Warehouse;

/**
 * Each rule on a hand-made warehouse: the condition opens exactly one incident, however many runs
 * see it, and the run that finds it cleared closes it.
 */
class AlertRulesTest {
    private static final LocalDate DAY_1 = LocalDate.of(2024, 7, 1);

    private final Warehouse warehouse = Warehouse.inMemory();

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** Every hour of a day for some sensors of a store, failed where {@code fails} says. */
    private static List<Reading> day(String store, LocalDate day, int sensors, int visits, IntPredicate fails) {
        List<Reading> readings = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            for (int sensor = 0; sensor < sensors; sensor++) {
                LocalDateTime at = day.atTime(hour, 0);
                readings.add(
                        sensor == 0 && fails.test(hour)
                                ? Reading.failed(store, sensor, at)
                                : Reading.ok(store, sensor, at, visits));
            }
        }
        return readings;
    }

    private AlertReport run(AlertSettings settings, LocalDateTime now) {
        Clock clock = Clock.fixed(now.toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        return Alerts.of(warehouse, settings, clock).run(store -> now);
    }

    private static AlertSettings only(AlertRule rule) {
        return AlertSettings.builder().rules(Set.of(rule)).build();
    }

    private List<Incident> incidents() {
        return Alerts.incidents(warehouse, 100);
    }

    @Test
    void sensorThatAgesIntoFailureOpensOneIncidentAndClosesItOnceItsRateFalls() {
        AlertSettings settings = only(AlertRule.FAILURE_RATE); // 5 % over 7 days
        List<Incident> opened = new ArrayList<>();
        List<Incident> closed = new ArrayList<>();
        for (int d = 1; d <= 14; d++) {
            // Ageing: sensor 0 fails the first d hours of day d, for five days; replaced on day 6.
            int failedHours = d <= 5 ? d : 0;
            LocalDate day = DAY_1.plusDays(d - 1);
            warehouse.ingest(day("Lyon", day, 2, 10, hour -> hour < failedHours));
            AlertReport report = run(settings, day.plusDays(1).atStartOfDay());
            opened.addAll(report.opened());
            closed.addAll(report.closed());
            if (d == 1) {
                assertThat(report.opened()).as("1 of 24 readings failed: 4.2 %").isEmpty();
            }
            if (d == 2) {
                assertThat(report.opened())
                        .as("3 of 48 readings failed: 6.25 %")
                        .hasSize(1);
            }
            if (d == 10) {
                assertThat(incidents())
                        .as("days 4 to 10: 9 of 168 failed, 5.4 %")
                        .allMatch(Incident::isOpen);
            }
            if (d == 11) {
                assertThat(report.closed())
                        .as("days 5 to 11: 5 of 168 failed, 3.0 %")
                        .hasSize(1);
            }
        }
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.rule()).isEqualTo(AlertRule.FAILURE_RATE);
            assertThat(incident.store()).isEqualTo("Lyon");
            assertThat(incident.sensorId()).isZero();
            assertThat(incident.detail()).contains("3 of 48 readings failed (6.3 %)");
        });
        assertThat(closed)
                .singleElement()
                .extracting(Incident::id)
                .isEqualTo(opened.get(0).id());
        assertThat(incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.isOpen()).isFalse();
            assertThat(incident.recovery()).contains("at or below 5.0 %");
        });
    }

    @Test
    void multiHourOutageOpensOneIncidentFromItsFirstHourAndClosesAtTheNextGoodReading() {
        AlertSettings settings = only(AlertRule.OUTAGE); // 3 hours
        warehouse.ingest(day("Lyon", DAY_1, 2, 10, hour -> false));
        LocalDate day2 = DAY_1.plusDays(1);
        // Sensor 0 fails from 10:00 to 15:00; the pipeline stores an hour at a time.
        List<Reading> outageDay = day("Lyon", day2, 2, 10, hour -> hour >= 10 && hour < 16);
        List<Incident> opened = new ArrayList<>();
        List<Incident> closed = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            int h = hour;
            warehouse.ingest(outageDay.stream()
                    .filter(reading -> reading.hour().getHour() == h)
                    .toList());
            AlertReport report = run(settings, day2.atTime(hour, 0).plusHours(1));
            if (hour == 11) {
                assertThat(report.opened())
                        .as("two failed hours are not yet an outage")
                        .isEmpty();
            }
            if (hour == 12) {
                assertThat(report.opened()).as("the third failed hour").hasSize(1);
            }
            if (hour == 16) {
                assertThat(report.closed()).as("16:00 did not fail").hasSize(1);
            }
            opened.addAll(report.opened());
            closed.addAll(report.closed());
        }
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.sensorId()).isZero();
            assertThat(incident.since()).isEqualTo(day2.atTime(10, 0));
            assertThat(incident.detail()).contains("3 hours in a row");
        });
        assertThat(closed)
                .singleElement()
                .extracting(Incident::id)
                .isEqualTo(opened.get(0).id());
    }

    @Test
    void staleStoreOpensOneIncidentWhileItsSourceIsSilentAndClosesWhenItDeliversAgain() {
        AlertSettings settings = only(AlertRule.STALE); // 3 hours
        warehouse.ingest(day("Lyon", DAY_1, 2, 10, hour -> false));
        warehouse.ingest(day("Nice", DAY_1, 2, 10, hour -> false));
        LocalDateTime midnight = DAY_1.plusDays(1).atStartOfDay();
        assertThat(run(settings, midnight.plusMinutes(30)).opened()).isEmpty();
        // Lyon delivers the next hours; Nice does not.
        List<Incident> opened = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            warehouse.ingest(List.of(
                    Reading.ok("Lyon", 0, midnight.plusHours(hour), 5),
                    Reading.ok("Lyon", 1, midnight.plusHours(hour), 5)));
            AlertReport report = run(settings, midnight.plusHours(hour + 1).plusMinutes(30));
            if (hour == 1) {
                assertThat(report.opened()).as("two complete hours missing").isEmpty();
            }
            opened.addAll(report.opened());
        }
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.rule()).isEqualTo(AlertRule.STALE);
            assertThat(incident.store()).isEqualTo("Nice");
            assertThat(incident.sensorId()).isNull();
            assertThat(incident.since()).isEqualTo(midnight);
        });
        List<Reading> caughtUp = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            caughtUp.add(Reading.ok("Nice", 0, midnight.plusHours(hour), 5));
            caughtUp.add(Reading.ok("Nice", 1, midnight.plusHours(hour), 5));
        }
        warehouse.ingest(caughtUp);
        AlertReport report = run(settings, midnight.plusHours(6).plusMinutes(30));
        assertThat(report.closed())
                .singleElement()
                .extracting(Incident::id)
                .isEqualTo(opened.get(0).id());
        assertThat(report.opened()).isEmpty();
    }

    @Test
    void dayFarBelowItsSameWeekdayBaselineOpensOneIncidentAndANormalDayClosesIt() {
        AlertSettings settings = only(AlertRule.DROP); // 40 %
        // Mondays only: each one's baseline is the mean of itself and the three Mondays before.
        for (int week = 0; week < 4; week++) {
            warehouse.ingest(day("Lyon", DAY_1.plusWeeks(week), 2, 100, hour -> false));
        }
        assertThat(run(settings, DAY_1.plusWeeks(3).plusDays(1).atStartOfDay()).opened())
                .isEmpty();
        LocalDate dropped = DAY_1.plusWeeks(4);
        warehouse.ingest(day("Lyon", dropped, 2, 30, hour -> false));
        // 1,440 visits against (3 × 4,800 + 1,440) / 4 = 3,960: -63.6 %.
        AlertReport report = run(settings, dropped.plusDays(1).atStartOfDay());
        assertThat(report.opened()).singleElement().satisfies(incident -> {
            assertThat(incident.rule()).isEqualTo(AlertRule.DROP);
            assertThat(incident.since()).isEqualTo(dropped.atStartOfDay());
            assertThat(incident.detail()).contains("1,440 visits, -63.6 %");
        });
        assertThat(run(settings, dropped.plusDays(1).atTime(12, 0)).opened())
                .as("seen again")
                .isEmpty();
        warehouse.ingest(day("Lyon", dropped.plusWeeks(1), 2, 100, hour -> false));
        report = run(settings, dropped.plusWeeks(1).plusDays(1).atStartOfDay());
        assertThat(report.closed()).hasSize(1);
        assertThat(incidents()).hasSize(1);
    }

    @Test
    void closedDayWithNoVisitsIsNotADrop() {
        for (int week = 0; week < 4; week++) {
            warehouse.ingest(day("Lyon", DAY_1.plusWeeks(week), 2, 100, hour -> false));
        }
        warehouse.ingest(day("Lyon", DAY_1.plusWeeks(4), 2, 0, hour -> false));
        assertThat(run(only(AlertRule.DROP), DAY_1.plusWeeks(4).plusDays(1).atStartOfDay())
                        .opened())
                .isEmpty();
    }

    /**
     * An evaluation that opens or closes nothing commits no change a reader sees, and is not
     * published: one publish fewer per pipeline run. One that opens an incident is, at once.
     */
    @Test
    void onlyEvaluationsThatOpenOrCloseIncidentsArePublished(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("w.duckdb");
        try (Warehouse onFile = Warehouse.open(file)) {
            onFile.ingest(day("Lyon", DAY_1, 2, 10, hour -> false));
            long before = generation(file);
            Clock clock = Clock.fixed(Instant.parse("2024-07-02T00:10:00Z"), ZoneOffset.UTC);
            assertThat(Alerts.of(onFile, only(AlertRule.OUTAGE), clock)
                            .run(store -> null)
                            .opened())
                    .isEmpty();
            assertThat(generation(file)).isEqualTo(before);
            onFile.ingest(day("Lyon", DAY_1.plusDays(1), 2, 10, hour -> hour >= 20));
            long ingested = generation(file);
            Clock later = Clock.fixed(Instant.parse("2024-07-03T00:10:00Z"), ZoneOffset.UTC);
            assertThat(Alerts.of(onFile, only(AlertRule.OUTAGE), later)
                            .run(store -> null)
                            .opened())
                    .hasSize(1);
            assertThat(generation(file)).isEqualTo(ingested + 1);
        }
    }

    private static long generation(java.nio.file.Path file) {
        try (var views = org.sensorsandmore.sql.publish.PublishedViews.open(
                org.sensorsandmore.sql.publish.PublishedViews.folderOf(file))) {
            return views.generation();
        }
    }

    @Test
    void incidentsArePublishedForReadersInOtherProcesses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("w.duckdb");
        try (Warehouse onFile = Warehouse.open(file)) {
            onFile.ingest(day("Lyon", DAY_1, 2, 10, hour -> hour >= 20));
            Clock clock = Clock.fixed(Instant.parse("2024-07-02T00:10:00Z"), ZoneOffset.UTC);
            Alerts.of(onFile, only(AlertRule.OUTAGE), clock).run(store -> null);
        }
        try (var views = org.sensorsandmore.sql.publish.PublishedViews.open(
                org.sensorsandmore.sql.publish.PublishedViews.folderOf(file))) {
            assertThat(Alerts.incidents(views, 10)).singleElement().satisfies(incident -> {
                assertThat(incident.rule()).isEqualTo(AlertRule.OUTAGE);
                assertThat(incident.openedAt()).isEqualTo(Instant.parse("2024-07-02T00:10:00Z"));
                assertThat(incident.isOpen()).isTrue();
            });
        }
    }
}
