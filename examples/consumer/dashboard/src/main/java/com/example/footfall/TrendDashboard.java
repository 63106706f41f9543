package com.example.footfall;

import java.time.LocalDate;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.http.dashboard.DashboardServer;
import org.sensorsandmore.sql.Warehouse;

/**
 * What a user of the dashboard writes: readings into a warehouse, and the dashboard over it. The
 * dashboard lives in sensors-http-adapter and reads sensors-sql, which this project declares
 * beside it.
 */
public final class TrendDashboard {
    private TrendDashboard() {}

    /**
     * @param warehouse the warehouse to fill and show; the caller closes it after the server
     * @param from the first day
     * @param to the day after the last one
     * @return the dashboard over it, on a free loopback port; the caller closes it
     */
    public static DashboardServer start(Warehouse warehouse, LocalDate from, LocalDate to) {
        try (TrafficClient client = SimulatedClient.of(new FootfallModel(7), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(from, to));
        }
        return DashboardServer.builder(warehouse).port(0).start();
    }

    public static void main(String[] args) throws InterruptedException {
        try (Warehouse warehouse = Warehouse.inMemory();
                DashboardServer server = start(warehouse, LocalDate.of(2024, 6, 1), LocalDate.of(2024, 7, 1))) {
            System.out.println("Dashboard on " + server.uri() + "  (Ctrl-C to stop)");
            Thread.currentThread().join();
        }
    }
}
