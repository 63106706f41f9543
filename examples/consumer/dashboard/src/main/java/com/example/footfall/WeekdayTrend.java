package com.example.footfall;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * What a user of the whole library writes: serve simulated readings over HTTP on loopback, fetch
 * them with the HTTP client into an in-memory warehouse, and read a store's days against their
 * same-weekday baseline.
 */
public final class WeekdayTrend {
    private WeekdayTrend() {}

    /**
     * @param store a store of the original network
     * @param from the first day fetched
     * @param to the day after the last one
     * @return the store's daily rows, with baselines
     */
    public static List<ViewRow> of(String store, LocalDate from, LocalDate to) {
        ApiServerConfig config = ApiServerConfig.builder()
                .port(0)
                .model(new FootfallModel(7))
                .network(StoreNetwork.original())
                .build();
        try (TrafficApiServer server = TrafficApiServer.start(config);
                HttpTrafficClient client = HttpTrafficClient.create(server.uri());
                Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(client, HourWindow.of(from, to));
            return warehouse.query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of(store)));
        }
    }

    public static void main(String[] args) {
        of("Roma", LocalDate.of(2024, 6, 1), LocalDate.of(2024, 7, 1)).forEach(System.out::println);
    }
}
