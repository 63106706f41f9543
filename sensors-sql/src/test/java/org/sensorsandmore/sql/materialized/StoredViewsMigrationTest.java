package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.Schema;
import org.sensorsandmore.sql.storage.StoredHours;
import org.sensorsandmore.sql.testing.OldSchema;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/** A schema-v3 file with data, opened by this library: its views are built and equal the texts. */
class StoredViewsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersion3FileWithReadingsGetsItsViewsBuiltOnOpen() {
        Path file = dir.resolve("v3.duckdb");
        long rows;
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(7), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 12)));
            rows = warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)).size();
            // Back to version 3: what a v3 library wrote is this file without the views' tables.
            OldSchema.downgrade(
                    warehouse,
                    3,
                    "sensor_days",
                    "store_days",
                    "store_sensors",
                    "views_dirty",
                    MaterializedViews.CHANGES,
                    MaterializedViews.IDENTITY,
                    "alert_incidents",
                    "alert_outbox",
                    MaterializedViews.PENDING,
                    StoredHours.TABLE);
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(OldSchema.version(warehouse)).isEqualTo(Schema.CURRENT);
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize((int) rows);
            StoredViewsPropertyTest.assertStoredEqualsSpec(warehouse, "after the migration");
        }
    }
}
