package org.sensorsandmore.http.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;

/**
 * A server on 127.0.0.1 in front of the client API of the classic model (pinned at 2024-08-07
 * 15:00, started with it and stopped with it) that answers 503 to the first {@code failures}
 * requests for readings (bulk or per-hour) and passes every other request on, counting the requests
 * for readings it was sent: a server that fails on purpose, as many times as a test says.
 */
final class FailingFirstProxy implements AutoCloseable {
    private static final byte[] UNAVAILABLE =
            "{\"error\":\"unavailable\",\"message\":\"failing on purpose\"}".getBytes(StandardCharsets.UTF_8);

    private final TrafficApiServer target;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger readingRequests = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;

    private FailingFirstProxy(int failures) throws IOException {
        this.target = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .build());
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param failures how many requests for readings fail first
     * @return the proxy and its server, started
     */
    static FailingFirstProxy start(int failures) throws IOException {
        return new FailingFirstProxy(failures);
    }

    /** @return the proxy's address */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the requests for readings it was sent, failed or passed on */
    int readingRequests() {
        return readingRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI asked = exchange.getRequestURI();
            if (!asked.getPath().equals("/v1/stores")) {
                readingRequests.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    send(exchange, 503, UNAVAILABLE);
                    return;
                }
            }
            HttpResponse<byte[]> answer = http.send(
                    HttpRequest.newBuilder(target.uri().resolve(asked.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while passing the request on", e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        target.close();
    }
}
