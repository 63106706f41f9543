package com.example.footfall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;

class TrendDashboardTest {

    @Test
    void theDashboardListsTheStoresOfItsWarehouse() throws IOException, InterruptedException {
        LocalDate from = LocalDate.of(2024, 6, 3);
        try (Warehouse warehouse = Warehouse.inMemory();
                DashboardServer server = TrendDashboard.start(warehouse, from, from.plusWeeks(1))) {
            HttpResponse<String> stores = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/api/stores")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertEquals(200, stores.statusCode());
            for (String store : new String[] {"Madrid", "Paris", "Berlin", "Roma", "London"}) {
                assertTrue(stores.body().contains("\"" + store + "\""), store + " in " + stores.body());
            }
        }
    }
}
