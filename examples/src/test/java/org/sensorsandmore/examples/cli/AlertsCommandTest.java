package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.AlertRule;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.alerts.Alerts;

/** {@code sensors alerts}: one line per incident, open ones first, also while a pipeline holds the database. */
class AlertsCommandTest {
    private static final LocalDate DAY = LocalDate.of(2024, 7, 1);

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    /** Lyon and Nice stop after July 1st; Lyon delivers one more hour: Nice's incident stays open. */
    private Path warehouseWithIncidents() {
        Path db = dir.resolve("sensors.duckdb");
        AlertSettings stale =
                AlertSettings.builder().rules(Set.of(AlertRule.STALE)).build();
        try (Warehouse warehouse = Warehouse.open(db)) {
            List<Reading> readings = new ArrayList<>();
            for (int hour = 0; hour < 24; hour++) {
                readings.add(Reading.ok("Lyon", 0, DAY.atTime(hour, 0), 5));
                readings.add(Reading.ok("Nice", 0, DAY.atTime(hour, 0), 5));
            }
            warehouse.ingest(readings);
            LocalDateTime late = DAY.plusDays(1).atTime(5, 0);
            Alerts.of(warehouse, stale, Clock.fixed(Instant.parse("2024-07-02T05:00:00Z"), ZoneOffset.UTC))
                    .run(store -> late);
            warehouse.ingest(List.of(Reading.ok("Lyon", 0, late.minusHours(1), 5)));
            Alerts.of(warehouse, stale, Clock.fixed(Instant.parse("2024-07-02T05:10:00Z"), ZoneOffset.UTC))
                    .run(store -> late);
        }
        return db;
    }

    @Test
    void listsOpenIncidentsFirstOneLineEach() {
        Path db = warehouseWithIncidents();
        assertThat(run("alerts", "--db", db.toString())).as(cli.err()).isZero();
        String[] lines = cli.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .startsWith("#2    OPEN   stale        Nice")
                .contains("since 2024-07-02T00:00", "opened 2024-07-02T05:00:00Z", "5 complete hours missing");
        assertThat(lines[1]).startsWith("#1    closed stale        Lyon").contains("closed 2024-07-02T05:10:00Z");
    }

    @Test
    void aMissingDatabaseOrABadLimitIsOneLineAndExitCode2() {
        assertThat(run("alerts", "--db", dir.resolve("none.duckdb").toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("alerts: No warehouse file at ").doesNotContain("Exception");
        assertThat(dir.resolve("none.duckdb")).doesNotExist();
        Path db = warehouseWithIncidents();
        assertThat(run("alerts", "--db", db.toString(), "--limit", "0")).isEqualTo(2);
    }

    @Test
    void readsThePublishedIncidentsWhileAPipelineHoldsTheDatabase() throws Exception {
        Path db = warehouseWithIncidents();
        Process pipeline = new ProcessBuilder(CliProcess.simulatedPipeline(
                        db, "--since", "2024-07-01", "--now", "2024-07-02T05", "--every", "1h", "--no-alerts"))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(pipeline.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                if (line.startsWith("Run ")) {
                    break;
                }
            }
            assertThat(seen.toString()).contains("SUCCEEDED");
            assertThat(run("alerts", "--db", db.toString())).as(cli.err()).isZero();
            assertThat(cli.out().split("\n")).hasSize(2);
            assertThat(cli.out()).startsWith("#2    OPEN   stale        Nice");
        } finally {
            pipeline.toHandle().destroy();
            assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.isRegularFile(db)).isTrue();
    }

    @Test
    void emailAlertsWithoutAnSmtpServerAreRefusedBeforeTheDatabaseIsCreated() {
        Path db = dir.resolve("new.duckdb");
        int code = run("pipeline", "--simulate", "--db", db.toString(), "--once", "--alert-email", "owner@example.com");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("SMTP server");
        assertThat(db).doesNotExist();
    }
}
