package org.sensorsandmore.sql.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.storage.Schema;
import org.sensorsandmore.sql.storage.StoredHours;
import org.sensorsandmore.sql.testing.OldSchema;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/** A schema-5 file (before alerts), opened by this library: it gains the alert tables and keeps its data and views. */
class AlertTablesMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersion5FileGetsTheAlertTablesAndItsPublishedViewsStillAnswer() {
        Path file = dir.resolve("v5.duckdb");
        int rows;
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(
                        new FootfallModel(7), StoreNetwork.original().only(java.util.List.of("Roma")))) {
            warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 8)));
            rows = warehouse.query(ViewQuery.of(View.STORE_DAILY)).size();
            // Back to version 5: what a v5 library wrote is this file without the alert tables.
            OldSchema.downgrade(warehouse, 5, "alert_incidents", "alert_outbox", "views_pending", StoredHours.TABLE);
        }
        try (PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file))) {
            assertThat(Alerts.incidents(views, 10))
                    .as("published by a v5 writer: no incidents")
                    .isEmpty();
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(OldSchema.version(warehouse)).isEqualTo(Schema.CURRENT);
            assertThat(warehouse.query(ViewQuery.of(View.STORE_DAILY))).hasSize(rows);
            Alerts.of(
                            warehouse,
                            AlertSettings.builder()
                                    .rules(Set.of(AlertRule.STALE))
                                    .build(),
                            Clock.fixed(Instant.parse("2024-07-09T12:00:00Z"), ZoneOffset.UTC))
                    .run(store -> LocalDate.of(2024, 7, 9).atTime(12, 0));
            assertThat(Alerts.incidents(warehouse, 10)).singleElement().satisfies(incident -> {
                assertThat(incident.store()).isEqualTo("Roma");
                assertThat(incident.rule()).isEqualTo(AlertRule.STALE);
            });
        }
        try (PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file))) {
            assertThat(views.query(ViewQuery.of(View.STORE_DAILY))).hasSize(rows);
            assertThat(Alerts.incidents(views, 10)).hasSize(1);
        }
    }
}
