package org.sensorsandmore.http.api;

import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.http.HostCheck;
import org.sensorsandmore.http.JettyServer;

/**
 * The simulated client API: the original's per-hour route, a store list, readings of a window
 * streamed as CSV or NDJSON, a health check and an OpenAPI description, served by Jetty 12 from a {@link
 * org.sensorsandmore.core.model.TrafficModel}.
 *
 * <table>
 *   <caption>Routes (GET, and HEAD: the same status and headers, no body)</caption>
 *   <tr><th>route</th><th>answer</th></tr>
 *   <tr><td>{@code /?store_name=Paris&year=2022&month=7&day=30&hour=12[&sensor_id=12]}</td>
 *       <td>the original's: {@code 5714} (a sensor) or the store's sum, {@code -2} at or before opening,
 *       {@code -1} for a failed sensor, 404 with a JSON string for an unknown store or sensor or a
 *       future hour; 422 for a missing or non-integer parameter, 400 for an impossible date</td></tr>
 *   <tr><td>{@code /v1/stores}</td><td>{@code [{"name","zone","opened","sensors"}…]}</td></tr>
 *   <tr><td>{@code /v1/readings?from=&to=[&store=…][&sensor=][&format=csv|ndjson|binary]}</td>
 *       <td>the readings of {@code [from, to)}, chunked, in the library's CSV or NDJSON</td></tr>
 *   <tr><td>{@code /health}</td><td>{@code {"status":"UP","now":"…"}}</td></tr>
 *   <tr><td>{@code /openapi.json}</td><td>this table as an OpenAPI 3.1 description, as the original's
 *       FastAPI served one</td></tr>
 * </table>
 *
 * <p>Every other answer is {@code {"error": code, "message": sentence}} with a 4xx status (a 503 when
 * a fault is injected); no stack trace reaches a client.
 *
 * <p>A request whose {@code Host} is not a name of the bound address (nor one of {@link
 * ApiServerConfig#allowedHosts()}) gets a 403, against DNS rebinding: see {@link HostCheck}.
 *
 * <pre>{@code
 * try (TrafficApiServer server = TrafficApiServer.start(ApiServerConfig.builder().port(0).build())) {
 *     URI base = server.uri();   // http://127.0.0.1:PORT/
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class TrafficApiServer extends JettyServer {
    private final Server server;
    private final ServerConnector connector;
    private final ApiServerConfig config;

    private TrafficApiServer(ApiServerConfig config, Server server) {
        super(server, e -> new SensorsException("Cannot stop the API server: " + e.getMessage(), e));
        this.server = server;
        this.config = config;
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new HostCheck(config.host(), config.allowedHosts(), new ApiHandler(config)));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(2_000);
    }

    /**
     * Starts a server and returns once it listens.
     *
     * @param config what to serve and where
     * @return the running server
     * @throws SensorsException naming the address when it cannot listen (e.g. the port is taken)
     */
    public static TrafficApiServer start(ApiServerConfig config) {
        Objects.requireNonNull(config, "config");
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("sensors-api");
        threads.setDaemon(true);
        TrafficApiServer api = new TrafficApiServer(config, new Server(threads));
        try {
            api.server.start();
        } catch (Exception e) {
            api.close();
            throw new SensorsException(
                    "Cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return api;
    }

    /** @return the port it listens on (the chosen one when the configuration asked for 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return the base address, {@code http://host:port/} */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** @return the configuration it serves */
    public ApiServerConfig config() {
        return config;
    }
}
