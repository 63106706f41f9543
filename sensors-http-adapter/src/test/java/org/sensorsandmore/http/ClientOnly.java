package org.sensorsandmore.http;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.http.client.LegacyHttpTrafficClient;

/**
 * What a user of the API server and the HTTP clients runs, with no sensors-sql: {@link WithoutSqlTest}
 * loads this class in a class loader without it and calls {@link #fetchADay()} by reflection. Only
 * JDK types cross that boundary.
 */
final class ClientOnly {
    private static final HourWindow DAY = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2));

    private ClientOnly() {}

    /**
     * Serves a day of the classic model on loopback and fetches it through both HTTP clients.
     *
     * @return the readings as text (store, sensor, hour, status, visits): simulated in process, through {@link HttpTrafficClient}, through
     *     {@link LegacyHttpTrafficClient}
     */
    static List<List<String>> fetchADay() {
        ApiServerConfig config = ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .build();
        try (TrafficApiServer server = TrafficApiServer.start(config);
                TrafficClient simulated = SimulatedClient.of(new ClassicModel(), StoreNetwork.original());
                TrafficClient bulk = HttpTrafficClient.create(server.uri());
                TrafficClient legacy = LegacyHttpTrafficClient.create(server.uri())) {
            return List.of(texts(simulated), texts(bulk), texts(legacy));
        }
    }

    private static List<String> texts(TrafficClient client) {
        List<Reading> readings = new ArrayList<>();
        client.readings(DAY, ReadingSink.into(readings));
        // The legacy route does not carry the anomaly flag: it is left out of the text.
        return readings.stream()
                .map(r -> r.store() + " " + r.sensorId() + " " + r.hour() + " " + r.status() + " " + r.visits())
                .toList();
    }
}
