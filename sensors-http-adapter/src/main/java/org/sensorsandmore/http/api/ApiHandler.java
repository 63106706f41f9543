package org.sensorsandmore.http.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.http.ErrorResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the API's requests. A plain Jetty handler (no servlet layer): the per-hour route is a hot
 * loop of tiny answers, and every layer there costs requests per second.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String JSON = "application/json";
    private static final int STREAM_BUFFER = 1 << 16;
    /**
     * Readings streams served at once, each on a thread of its own that blocks while its reader does
     * not read (until the connector's idle timeout, 30 s). Far below the pool's 200 threads, so that
     * readers that never read cannot take every thread and stall the health check and the other
     * routes; a stream over the limit is a 503 at once, which the clients retry with back-off.
     */
    static final int MAX_STREAMS = 32;

    private final ApiServerConfig config;
    private final LegacyRoute legacy;
    private final ReadingsRoute readings;
    private final Faults faults;
    private final String storesJson;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    ApiHandler(ApiServerConfig config) {
        this.config = config;
        this.legacy = new LegacyRoute(config);
        this.readings = new ReadingsRoute(config);
        this.faults = new Faults(config);
        this.storesJson = storesJson(config);
    }

    private static String storesJson(ApiServerConfig config) {
        StringBuilder out = new StringBuilder("[");
        for (Store store : config.network().stores()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"name\":").append(Json.string(store.name()));
            out.append(",\"zone\":").append(Json.string(store.zone().getId()));
            out.append(",\"opened\":\"").append(store.opened()).append('"');
            out.append(",\"sensors\":").append(store.sensorCount()).append('}');
        }
        return out.append(']').toString();
    }

    /**
     * Non-blocking unless faults are injected (their delay sleeps): the per-hour route's answers are
     * computed in microseconds, so Jetty may run them on the thread that read the request instead of
     * handing each one to another thread. The one blocking route, the readings stream, is handed to
     * the server's thread pool (see {@link #route}).
     */
    @Override
    public InvocationType getInvocationType() {
        return config.injectsFaults() ? InvocationType.BLOCKING : InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        try {
            route(path, request, response, callback);
        } catch (ErrorResponseException e) {
            write(response, callback, e.status(), Json.error(e.error(), e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(response, callback, 503, Json.error("unavailable", "The server is stopping"));
        } catch (RuntimeException e) {
            // A real fault of ours: logged here with its trace, answered without it.
            LOG.error("Request {} {} failed", request.getMethod(), request.getHttpURI(), e);
            write(response, callback, 500, Json.error("internal_error", "The server failed to answer; see its log"));
        }
        return true;
    }

    private void route(String path, Request request, Response response, Callback callback)
            throws ErrorResponseException, InterruptedException {
        Route route = Route.of(path);
        if (route == null) {
            throw new ErrorResponseException(
                    404,
                    "not_found",
                    "No route " + Json.string(LegacyRoute.abbreviate(path)) + "; routes: " + Route.PATHS);
        }
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            throw new ErrorResponseException(
                    405,
                    "method_not_allowed",
                    "Method " + LegacyRoute.abbreviate(request.getMethod()) + " is not allowed on " + path
                            + "; use GET or HEAD");
        }
        if (route == Route.HEALTH) {
            String now = config.pinnedNow()
                    .map(Object::toString)
                    .orElseGet(() -> config.clock().instant().toString());
            write(response, callback, 200, "{\"status\":\"UP\",\"now\":\"" + now + "\"}");
            return;
        }
        if (route == Route.OPENAPI) {
            // The description, like the health check, is never slowed or failed by injected faults.
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
            response.write(true, OpenApi.document(), callback);
            return;
        }
        if (config.injectsFaults()) {
            faults.delay();
            if (faults.fail()) {
                throw new ErrorResponseException(503, "unavailable", "Injected failure (fault injection); try again");
            }
        }
        QueryParameters query = QueryParameters.parse(request.getHttpURI().getQuery(), route.parameters());
        switch (route) {
            case LEGACY -> {
                LegacyRoute.Answer answer = legacy.answer(query);
                write(response, callback, answer.status(), answer.body());
            }
            case STORES -> write(response, callback, 200, storesJson);
            case READINGS -> {
                ReadingsRoute.Plan plan = readings.plan(query);
                if (head) {
                    // The GET's status and headers, without computing a stream nobody reads. Headers
                    // are sent before the end, so that no Content-Length: 0 claims the GET is empty.
                    startStream(plan, response);
                    response.write(
                            false,
                            BufferUtil.EMPTY_BUFFER,
                            Callback.from(() -> response.write(true, null, callback), callback::failed));
                } else {
                    if (!streams.tryAcquire()) {
                        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                        throw new ErrorResponseException(
                                503,
                                "busy",
                                MAX_STREAMS + " readings streams are being served, the most at once; try again"
                                        + " shortly");
                    }
                    Runnable serve = () -> {
                        try {
                            stream(plan, response, callback);
                        } finally {
                            streams.release();
                        }
                    };
                    if (getInvocationType() == InvocationType.NON_BLOCKING) {
                        // Streaming blocks on a slow reader: never on the thread that may be a selector's.
                        try {
                            request.getComponents().getThreadPool().execute(serve);
                        } catch (RuntimeException e) {
                            streams.release();
                            throw e;
                        }
                    } else {
                        serve.run();
                    }
                }
            }
            // HEALTH and OPENAPI are answered above; a route added to Route but not here gets a 500,
            // which the tests that ask every Route catch.
            default -> throw new IllegalStateException("No answer for route " + route);
        }
    }

    private static void startStream(ReadingsRoute.Plan plan, Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, plan.format().contentType());
    }

    private void stream(ReadingsRoute.Plan plan, Response response, Callback callback) {
        startStream(plan, response);
        long cutAt =
                config.cutRate() > 0 ? faults.cutAt(plan.rows() * plan.format().rowBytes()) : -1;
        // No content length: Jetty sends the body chunked, so a cut stream is visibly incomplete.
        OutputStream body = new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_BUFFER);
        // Not try-with-resources: closing sends the last chunk, which a failed stream must not get.
        OutputStream out = new CuttingOutputStream(body, cutAt);
        try {
            readings.stream(plan, out);
            out.close();
        } catch (CuttingOutputStream.InjectedCutException e) {
            LOG.debug("{}", e.getMessage());
            callback.failed(e); // aborts the connection: no last chunk
            return;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Stream of {} ended early: {}", plan.window(), e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private static void write(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        Content.Sink.write(response, true, body, callback);
    }
}
