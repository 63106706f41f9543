package org.sensorsandmore.examples.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;

/**
 * The client API of the classic model, pinned at 2024-08-07 15:00, twice on free ports of 127.0.0.1:
 * one server that answers every request, and one that fails a fifth of them and cuts another fifth
 * short, from a fixed fault seed. For the commands that fetch: a test class registers it as a static
 * extension, and both run for its tests.
 */
final class ApiServers implements BeforeAllCallback, AfterAllCallback {
    /** The servers' now: the original dataset's last hour. */
    static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);

    private final long faultSeed;
    private TrafficApiServer clean;
    private TrafficApiServer faulty;

    /**
     * @param faultSeed the seed of the faulty server's failures
     */
    ApiServers(long faultSeed) {
        this.faultSeed = faultSeed;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        clean = TrafficApiServer.start(config().build());
        faulty = TrafficApiServer.start(config().failRate(0.2)
                .cutRate(0.2)
                .latency(Duration.ofMillis(1))
                .faultSeed(faultSeed)
                .build());
    }

    /**
     * @return the server that answers every request
     */
    TrafficApiServer clean() {
        return clean;
    }

    /**
     * @return the server that fails or cuts short two requests in five
     */
    TrafficApiServer faulty() {
        return faulty;
    }

    /**
     * @return the configuration both servers start from, for a test's own server
     */
    static ApiServerConfig.Builder config() {
        return ApiServerConfig.builder().port(0).model(new ClassicModel()).now(NOW);
    }

    /**
     * @param server one of the two
     * @return its address, as {@code --api} takes it
     */
    static String api(TrafficApiServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clean.close();
        faulty.close();
    }
}
