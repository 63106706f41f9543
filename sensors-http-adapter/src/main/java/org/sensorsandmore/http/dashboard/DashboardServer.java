package org.sensorsandmore.http.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.sensorsandmore.core.check.Require;
import org.sensorsandmore.http.HostCheck;
import org.sensorsandmore.http.JettyServer;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;

/**
 * The dashboard over a {@link Warehouse}: one page, its assets and JSON/CSV endpoints.
 *
 * <pre>{@code
 * try (Warehouse warehouse = Warehouse.open(Path.of("data/sensors.duckdb"));
 *         DashboardServer server = DashboardServer.builder(warehouse).port(8080).start()) {
 *     System.out.println("Open " + server.uri());
 *     server.join();
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Routes (GET)</caption>
 *   <tr><td>{@code /}</td><td>the page</td></tr>
 *   <tr><td>{@code /assets/…}</td><td>its script, style sheet and ECharts (from the webjar)</td></tr>
 *   <tr><td>{@code /api/stores}</td><td>the stores, their sensors and the hours stored</td></tr>
 *   <tr><td>{@code /api/view}, {@code /api/view.csv}</td><td>rows of a view: {@code view=store_hourly&store=…
 *       &sensor=…&from=2024-07-01&to=2024-08-01&hours=8-20&weekdays=0,1,2,3,4,5&failures=exclude}
 *       ({@code to} excluded, weekdays 0 = Monday)</td></tr>
 *   <tr><td>{@code /api/health}, {@code /api/health.csv}</td><td>failure rate per sensor, flagged above
 *       {@code threshold} percent, and outages (runs of failed hours); the same filters</td></tr>
 *   <tr><td>{@code /api/runs}</td><td>the pipeline's latest runs ({@code limit}, default 20)</td></tr>
 *   <tr><td>{@code /api/alerts}</td><td>the alerts' open incidents, then the latest closed ones
 *       ({@code limit}, default 20)</td></tr>
 * </table>
 *
 * <p>Answers are kept for a short while ({@link Builder#responseCacheTtl}) and served again as long
 * as the warehouse's coverage is unchanged, so reloading, switching tabs or downloading the CSV of
 * the table just shown asks the database nothing.
 *
 * <p>Bad parameters get a 4xx and {@code {"error": …, "message": …}}; a fault of the server a 500
 * with no details (they go to the log). Queries go through the warehouse's API only. CSV cells that
 * a spreadsheet would take for a formula are prefixed with {@code '}.
 *
 * <p>The server is thread-safe; it serves until {@link #close()}.
 */
public final class DashboardServer extends JettyServer {
    /** Only this machine can connect unless a host is given. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The port {@code sensors dashboard} uses; 0 asks for any free port. */
    public static final int DEFAULT_PORT = 8080;

    /** Sensors failing more than this share of their readings (percent) are flagged. */
    public static final double DEFAULT_FAILURE_THRESHOLD_PERCENT = 5.0;

    /**
     * The most rows one response holds: ten years of hourly rows of a 20-sensor store fit; more
     * would only stall a browser. A larger request gets a 413 asking to narrow the filters.
     */
    public static final int DEFAULT_MAX_ROWS = 2_000_000;

    /**
     * How long an answer may be served again without asking the warehouse, while its coverage
     * (stores, sensors, hours, reading counts) is unchanged: new hours show at once, a correction of
     * readings already stored within this time.
     */
    public static final Duration DEFAULT_RESPONSE_CACHE_TTL = Duration.ofMinutes(1);

    /**
     * Enough for a few people and their parallel requests, queries being the bottleneck anyway, and
     * twice the view answers computed at once ({@link DashboardHandler#MAX_VIEW_ANSWERS}), so that
     * downloads never take the threads the page and its other requests need.
     */
    private static final int MAX_THREADS = 2 * DashboardHandler.MAX_VIEW_ANSWERS;

    private final URI uri;

    private DashboardServer(Server server, URI uri) {
        super(server, e -> new IllegalStateException("The dashboard server did not stop cleanly", e));
        this.uri = uri;
    }

    /**
     * @param warehouse the data to show; not closed by the server
     * @return a builder with the defaults
     */
    public static Builder builder(Warehouse warehouse) {
        return new Builder(DashboardData.of(Objects.requireNonNull(warehouse, "warehouse")));
    }

    /**
     * A dashboard over the views a warehouse publishes: it runs beside the process that writes the
     * warehouse, and shows each commit once it is published.
     *
     * @param views the published views to show; not closed by the server
     * @return a builder with the defaults
     */
    public static Builder builder(PublishedViews views) {
        return new Builder(DashboardData.of(Objects.requireNonNull(views, "views")));
    }

    static Builder builder(DashboardData data) {
        return new Builder(data);
    }

    /** @return the page's address, e.g. {@code http://127.0.0.1:8080/} */
    public URI uri() {
        return uri;
    }

    /** @return the port listened on (the one chosen when 0 was asked) */
    public int port() {
        return uri.getPort();
    }

    /** How to start a {@link DashboardServer}. Not thread-safe; each start makes a new server. */
    public static final class Builder {
        private final DashboardData data;
        private String host = DEFAULT_HOST;
        private Set<String> allowedHosts = Set.of();
        private int port = DEFAULT_PORT;
        private double failureThresholdPercent = DEFAULT_FAILURE_THRESHOLD_PERCENT;
        private int maxRows = DEFAULT_MAX_ROWS;
        private Duration responseCacheTtl = DEFAULT_RESPONSE_CACHE_TTL;

        private Builder(DashboardData data) {
            this.data = data;
        }

        /**
         * @param host the address to listen on; {@code 0.0.0.0} for every interface
         * @return this builder
         */
        public Builder host(String host) {
            if (Objects.requireNonNull(host, "host").isBlank()) {
                throw new IllegalArgumentException("The host cannot be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * @param names host names or addresses to answer beside those of the address listened on, or
         *     {@value HostCheck#ANY_HOST} for every name: requests for other names get a 403, against
         *     DNS rebinding (see {@link HostCheck})
         * @return this builder
         */
        public Builder allowedHosts(Collection<String> names) {
            this.allowedHosts = HostCheck.requireNames(names);
            return this;
        }

        /**
         * @param port 1–65535, or 0 for any free port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("The port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param percent the failure rate (0–100) above which the health view flags a sensor, when a
         *     request gives none
         * @return this builder
         */
        public Builder failureThresholdPercent(double percent) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("The failure threshold must be 0-100 percent, not " + percent);
            }
            this.failureThresholdPercent = percent;
            return this;
        }

        /**
         * @param rows the most rows one response holds (at least 1)
         * @return this builder
         */
        public Builder maxRows(int rows) {
            this.maxRows = Require.atLeast(rows, 1, "maxRows");
            return this;
        }

        /**
         * @param ttl how long an answer may be served again while the warehouse's coverage is
         *     unchanged; {@link Duration#ZERO} asks the warehouse every time
         * @return this builder
         */
        public Builder responseCacheTtl(Duration ttl) {
            if (Objects.requireNonNull(ttl, "ttl").isNegative()) {
                throw new IllegalArgumentException("The response cache TTL cannot be negative: " + ttl);
            }
            this.responseCacheTtl = ttl;
            return this;
        }

        /**
         * Starts listening.
         *
         * @return the running server
         * @throws UncheckedIOException when the address cannot be bound (a port in use)
         */
        public DashboardServer start() {
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
            threads.setName("dashboard");
            Server server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            server.addConnector(connector);
            server.setHandler(new HostCheck(
                    host,
                    allowedHosts,
                    new DashboardHandler(
                            data, failureThresholdPercent, maxRows, responseCacheTtl.toNanos(), System::nanoTime)));
            server.setErrorHandler(DashboardServer::jsonError);
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(
                            "Cannot listen on " + host + ":" + port + ": " + io.getMessage(), io);
                }
                throw new IllegalStateException("The dashboard server did not start", e);
            }
            String shownHost = host.contains(":") ? "[" + host + "]" : host;
            return new DashboardServer(
                    server, URI.create("http://" + shownHost + ":" + connector.getLocalPort() + "/"));
        }
    }

    /**
     * Errors Jetty answers before the handler runs (a malformed request line, a header too large):
     * JSON like every other error, and never a stack trace.
     */
    private static boolean jsonError(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        String reason = HttpStatus.getMessage(status);
        byte[] body = Json.error(status < 500 ? "bad_request" : "server_error", reason)
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
