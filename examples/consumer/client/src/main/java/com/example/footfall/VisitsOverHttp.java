package com.example.footfall;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.HttpTrafficClient;

/**
 * What a user of the HTTP client writes, with no database on the class path: serve simulated
 * readings on loopback and total a day's visits per store as they arrive.
 */
public final class VisitsOverHttp {
    /** The model's seed, here and in the test's in-process client. */
    static final long SEED = 7;

    private VisitsOverHttp() {}

    /**
     * @param day the day
     * @return each store's visits that day, fetched over HTTP, by store name
     */
    public static Map<String, Long> of(LocalDate day) {
        ApiServerConfig config = ApiServerConfig.builder()
                .port(0)
                .model(new FootfallModel(SEED))
                .network(StoreNetwork.original())
                .build();
        try (TrafficApiServer server = TrafficApiServer.start(config);
                HttpTrafficClient client = HttpTrafficClient.create(server.uri())) {
            return visitsPerStore(client, HourWindow.of(day, day.plusDays(1)));
        }
    }

    /**
     * @param client any client: over HTTP, or in process
     * @param window the hours
     * @return each store's visits in those hours, by store name
     */
    static Map<String, Long> visitsPerStore(TrafficClient client, HourWindow window) {
        Map<String, Long> visits = new TreeMap<>();
        client.readings(window, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                visits.merge(batch.storeName(i), (long) batch.visits(i), Long::sum);
            }
        });
        return visits;
    }

    public static void main(String[] args) {
        System.out.println(of(LocalDate.of(2024, 6, 1)));
    }
}
