package org.sensorsandmore.benchmarks.support;

import java.time.LocalDateTime;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;

/**
 * The simulated client API the HTTP benchmarks fetch from: the classic model on loopback. Not
 * instantiable.
 */
public final class ClassicApi {
    /** Every store's now: the end of the original's dataset, so its whole window is in the past. */
    public static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);

    private ClassicApi() {}

    /** @return the API serving {@code network} on a free port of 127.0.0.1, now pinned at {@link #NOW} */
    public static TrafficApiServer start(StoreNetwork network) {
        return TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .network(network)
                .now(NOW)
                .build());
    }
}
