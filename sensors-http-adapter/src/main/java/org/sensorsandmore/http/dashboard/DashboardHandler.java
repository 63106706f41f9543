package org.sensorsandmore.http.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.sensorsandmore.http.ErrorResponseException;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.portfolio.Portfolio;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the dashboard's requests: the page, its assets and the API. Thread-safe. */
final class DashboardHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);

    private static final String JSON = "application/json; charset=utf-8";
    private static final String CSV = "text/csv; charset=utf-8";

    /**
     * The stores change only when the pipeline ingests (hourly) but every view request checks its
     * store names against them: a short cache keeps that check off the database.
     */
    static final long COVERAGE_TTL_NANOS = 2_000_000_000L;

    /**
     * View answers computed at once. Each holds a thread while its rows are read and, when streamed,
     * until its client has taken them (or the idle timeout ends a client that stopped reading), so
     * this stays well below the server's threads: the page, the stores and the health check always
     * find one. One more is a 503 with Retry-After.
     */
    static final int MAX_VIEW_ANSWERS = 16;

    /** Rendered characters gathered before they are encoded and written. */
    private static final int PENDING_CHARS = 16 << 10;

    private static final String RESOURCES = "/org/sensorsandmore/http/dashboard/";
    /** In the webjar; its version is the root pom's {@code echarts.version}, and the tests fail if they differ. */
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final DashboardData data;
    private final double thresholdPercent;
    private final int maxRows;
    private final LongSupplier nanoTime;
    private final ResponseCache cache;
    private final Semaphore views = new Semaphore(MAX_VIEW_ANSWERS);
    /** Path → asset, read once: a fixed list, so no request path ever reaches the class loader. */
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    private final Object coverageLock = new Object();
    private List<StoreCoverage> coverage;
    private long coverageAt;

    private record Asset(byte[] bytes, String contentType) {}

    DashboardHandler(
            DashboardData data, double thresholdPercent, int maxRows, long cacheTtlNanos, LongSupplier nanoTime) {
        this.data = data;
        this.cache = new ResponseCache(cacheTtlNanos);
        this.thresholdPercent = thresholdPercent;
        this.maxRows = maxRows;
        this.nanoTime = nanoTime;
        Asset page = asset(RESOURCES + "index.html", "text/html; charset=utf-8");
        assets.put("/", page);
        assets.put("/index.html", page);
        assets.put("/assets/dashboard.js", asset(RESOURCES + "dashboard.js", "text/javascript; charset=utf-8"));
        assets.put("/assets/dashboard.css", asset(RESOURCES + "dashboard.css", "text/css; charset=utf-8"));
        assets.put("/assets/echarts.min.js", asset(ECHARTS, "text/javascript; charset=utf-8"));
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the class path: " + resource);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        try {
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                throw new ErrorResponseException(405, "method_not_allowed", "Only GET and HEAD are supported");
            }
            Asset asset = assets.get(path);
            if (asset != null) {
                if (path.startsWith("/assets/")) {
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
                } else {
                    // The page runs only scripts from this server; ECharts sets inline styles on its tooltip.
                    response.getHeaders()
                            .put(
                                    "Content-Security-Policy",
                                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                                            + " frame-ancestors 'none'");
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                }
                send(response, callback, 200, asset.contentType(), asset.bytes());
                return true;
            }
            if (!path.startsWith("/api/")) {
                throw new ErrorResponseException(404, "not_found", "No such page: " + shorten(path));
            }
            if (path.equals("/api/runs")) {
                // Not cached: a run that wrote nothing leaves the coverage, the cache's stamp, as it was.
                int limit = Parameters.of(parameters(request), Parameters.RUNS_NAMES)
                        .limit();
                send(response, callback, 200, JSON, Render.runs(data.runs(limit)));
                return true;
            }
            if (path.equals("/api/alerts")) {
                // Not cached either: an incident opens or closes on a run that may write no reading.
                int limit = Parameters.of(parameters(request), Parameters.RUNS_NAMES)
                        .limit();
                send(response, callback, 200, JSON, Render.alerts(data.incidents(limit)));
                return true;
            }
            String query = request.getHttpURI().getQuery();
            String key = query == null ? path : path + '?' + query;
            List<StoreCoverage> stamp = coverage(false);
            ResponseCache.Answer answer = cache.get(key, stamp, nanoTime.getAsLong());
            if (answer == null) {
                answer = path.equals("/api/view") || path.equals("/api/view.csv")
                        ? view(path, parameters(request), response, callback)
                        : answer(path, parameters(request));
                if (answer == null) {
                    return true; // streamed, and the callback completed
                }
                cache.put(key, stamp, nanoTime.getAsLong(), answer);
            }
            if (answer.disposition() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, answer.disposition());
            }
            send(response, callback, answer.status(), answer.contentType(), answer.body());
        } catch (ErrorResponseException e) {
            send(response, callback, e.status(), JSON, Json.error(e.error(), e.getMessage()));
        } catch (RuntimeException e) {
            // A fault of ours or of the database: logged here, the client gets no details.
            LOG.error("Dashboard request {} failed", shorten(path), e);
            send(
                    response,
                    callback,
                    500,
                    JSON,
                    Json.error("server_error", "The server could not answer; the details are in its log"));
        }
        return true;
    }

    private ResponseCache.Answer answer(String path, Map<String, List<String>> parameters) {
        switch (path) {
            case "/api/stores" -> {
                Parameters.of(parameters, Set.of());
                return ok(JSON, null, Render.stores(coverage(false)));
            }
            case "/api/health" -> {
                Parameters health = Parameters.of(parameters, Parameters.HEALTH_NAMES);
                double threshold = health.threshold(thresholdPercent);
                return ok(JSON, null, Render.healthJson(health(health), threshold));
            }
            case "/api/health.csv" -> {
                Parameters health = Parameters.of(parameters, Parameters.HEALTH_CSV_NAMES);
                double threshold = health.threshold(thresholdPercent);
                boolean outages = health.outagesPart();
                SensorHealth report = health(health);
                return ok(
                        CSV,
                        attachment(outages ? "outages" : "sensor_health"),
                        Render.healthCsv(report, threshold, outages));
            }
            case "/api/profile" -> {
                ViewQuery query =
                        Parameters.of(parameters, Parameters.PROFILE_NAMES).query(View.STORE_HOURLY);
                if (query.stores().size() != 1) {
                    throw new ErrorResponseException("A profile is of one store: give one 'store'");
                }
                checkStores(query);
                StoreProfile profile = StoreProfile.of(query, (asked, sink) -> data.query(asked, limited(sink)));
                return ok(
                        JSON, null, Render.profileJson(query.stores().iterator().next(), profile));
            }
            case "/api/portfolio", "/api/portfolio.csv" -> {
                double threshold =
                        Parameters.of(parameters, Parameters.PORTFOLIO_NAMES).threshold(thresholdPercent);
                Portfolio portfolio = data.portfolio(threshold);
                return path.endsWith(".csv")
                        ? ok(CSV, attachment("portfolio"), Render.portfolioCsv(portfolio))
                        : ok(JSON, null, Render.portfolioJson(portfolio, threshold));
            }
            default -> throw new ErrorResponseException(404, "not_found", "No such page: " + shorten(path));
        }
    }

    private static ResponseCache.Answer ok(String contentType, String disposition, String body) {
        return new ResponseCache.Answer(200, contentType, disposition, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers a view's rows, as the page's JSON or as a CSV download, written while they are read.
     * Everything the client can get wrong is checked before the first byte is sent.
     *
     * @return the answer, when it was small enough to keep whole (then it is also cached); null when
     *     it was streamed and the callback completed
     */
    private ResponseCache.Answer view(
            String path, Map<String, List<String>> parameters, Response response, Callback callback) {
        Parameters asked = Parameters.of(parameters, Parameters.VIEW_NAMES);
        ViewQuery query = asked.query(View.STORE_DAILY);
        Periods.Period period = asked.period(query.view());
        checkStores(query);
        checkRowLimit(query);
        boolean csv = path.endsWith(".csv");
        String contentType = csv ? CSV : JSON;
        String disposition = csv ? attachment(query.view().tableName()) : null;
        if (!views.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            throw new ErrorResponseException(
                    503, "busy", MAX_VIEW_ANSWERS + " view answers are being computed, the most at once; try again");
        }
        try {
            AnswerBody body = new AnswerBody(response, contentType, disposition, ResponseCache.MAX_ANSWER_BYTES);
            try {
                writeRows(query, period, csv, body);
            } catch (IOException | RuntimeException e) {
                if (!body.streaming()) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                // Too late for an error answer: abort, so the client sees an incomplete body.
                LOG.warn("Dashboard answer {} stopped after it had started: {}", shorten(path), e.toString());
                callback.failed(e);
                return null;
            }
            if (!body.streaming()) {
                return new ResponseCache.Answer(200, contentType, disposition, body.keptBytes());
            }
            try {
                body.finishStreaming();
            } catch (IOException e) {
                LOG.debug("Dashboard answer {} not taken by the client: {}", shorten(path), e.toString());
                callback.failed(e);
                return null;
            }
            callback.succeeded();
            return null;
        } finally {
            views.release();
        }
    }

    private void writeRows(ViewQuery query, Periods.Period period, boolean csv, AnswerBody body) throws IOException {
        Writer out = new OutputStreamWriter(body, StandardCharsets.UTF_8);
        StringBuilder pending = new StringBuilder(2 * PENDING_CHARS);
        long[] count = {0};
        pending.append(csv ? Render.VIEW_HEADER + "\r\n" : Render.viewJsonStart(query.view()));
        Consumer<ViewRow> render = row -> {
            if (csv) {
                Render.viewCsvRow(pending, row);
            } else {
                Render.viewJsonRow(pending, row, count[0] == 0);
            }
            count[0]++;
            if (pending.length() >= PENDING_CHARS) {
                try {
                    out.append(pending);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pending.setLength(0);
            }
        };
        if (period == null) {
            data.query(query, limited(render));
        } else {
            Periods periods = new Periods(period, render);
            data.query(query, limited(periods));
            periods.finish();
        }
        if (!csv) {
            pending.append(Render.viewJsonEnd(count[0]));
        }
        out.append(pending);
        out.flush();
    }

    /**
     * Refuses, before anything is sent, a query with more rows than a browser should hold. What is
     * stored bounds the rows from above at no cost ({@link RowBound}); only a query whose bound passes
     * the limit is counted, and the count stops one row past it.
     */
    private void checkRowLimit(ViewQuery query) {
        if (RowBound.of(query, coverage(false)) > maxRows) {
            data.query(query, limited(row -> {}));
        }
    }

    private SensorHealth health(Parameters parameters) {
        ViewQuery query = parameters.query(View.SENSOR_HOURLY).withView(View.SENSOR_HOURLY);
        checkStores(query);
        SensorHealth health = new SensorHealth();
        data.query(query, limited(health));
        return health;
    }

    /** Stops a query that would send more rows than a browser should hold. */
    private Consumer<ViewRow> limited(Consumer<ViewRow> sink) {
        int[] count = {0};
        return row -> {
            if (++count[0] > maxRows) {
                throw new ErrorResponseException(
                        413,
                        "too_many_rows",
                        "More than " + maxRows + " rows: narrow the stores, sensors or dates, or use a daily view");
            }
            sink.accept(row);
        };
    }

    private void checkStores(ViewQuery query) {
        if (query.stores().isEmpty()) {
            return;
        }
        Set<String> known = knownStores(false);
        if (!known.containsAll(query.stores())) {
            known = knownStores(true); // the pipeline may have just ingested a new store
        }
        for (String store : query.stores()) {
            if (!known.contains(store)) {
                throw new ErrorResponseException(404, "unknown_store", "No data for store '" + shorten(store) + "'");
            }
        }
    }

    private Set<String> knownStores(boolean fresh) {
        Set<String> names = new HashSet<>();
        for (StoreCoverage store : coverage(fresh)) {
            names.add(store.store());
        }
        return names;
    }

    private List<StoreCoverage> coverage(boolean fresh) {
        synchronized (coverageLock) {
            long now = nanoTime.getAsLong();
            if (fresh || coverage == null || now - coverageAt > COVERAGE_TTL_NANOS) {
                coverage = List.copyOf(data.coverage());
                coverageAt = now;
            }
            return coverage;
        }
    }

    private static Map<String, List<String>> parameters(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new ErrorResponseException("The query string is not valid UTF-8 form encoding");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            parameters.put(field.getName(), field.getValues());
        }
        return parameters;
    }

    private static String attachment(String name) {
        return "attachment; filename=\"" + name + ".csv\"";
    }

    private static void send(Response response, Callback callback, int status, String contentType, String body) {
        send(response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
