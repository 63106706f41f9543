package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.Schema;
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
            warehouse.inTransaction(transaction -> {
                try (Statement statement = transaction.connection().createStatement()) {
                    statement.execute("DROP TABLE sensor_days");
                    statement.execute("DROP TABLE store_days");
                    statement.execute("DROP TABLE store_sensors");
                    statement.execute("DROP TABLE views_dirty");
                    statement.execute("DROP TABLE " + MaterializedViews.CHANGES);
                    statement.execute("DROP TABLE " + MaterializedViews.IDENTITY);
                    statement.execute("DROP TABLE alert_incidents");
                    statement.execute("DROP TABLE alert_outbox");
                    statement.execute("DROP TABLE " + MaterializedViews.PENDING);
                    statement.execute("DELETE FROM schema_version WHERE version >= 4");
                }
                return null;
            });
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            int version = warehouse.read(connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(version).isEqualTo(Schema.CURRENT);
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize((int) rows);
            StoredViewsPropertyTest.assertStoredEqualsSpec(warehouse, "after the migration");
        }
    }
}
