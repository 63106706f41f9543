package com.example.footfall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.FootfallModel;

class VisitsOverHttpTest {

    @Test
    void aDayOverHttpTotalsWhatTheModelSimulatesInProcess() {
        LocalDate day = LocalDate.of(2024, 6, 1);
        Map<String, Long> expected;
        try (TrafficClient simulated =
                SimulatedClient.of(new FootfallModel(VisitsOverHttp.SEED), StoreNetwork.original())) {
            expected = VisitsOverHttp.visitsPerStore(simulated, HourWindow.of(day, day.plusDays(1)));
        }

        assertEquals(expected, VisitsOverHttp.of(day));
        assertEquals(StoreNetwork.original().names().size(), expected.size());
    }

    @Test
    void noDatabaseIsOnTheClassPath() {
        // sensors-http-adapter declares sensors-sql optional; the enforcer checks the same from
        // Maven's side (bannedDependencies in this module's pom).
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.sensorsandmore.sql.Warehouse"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.duckdb.DuckDBDriver"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.arrow.vector.VectorSchemaRoot"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.parquet.hadoop.ParquetWriter"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
    }
}
