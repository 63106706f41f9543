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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 in front of another that answers 503 to the first {@code failures} requests
 * for readings (bulk or per-hour) and passes every other request on, counting the requests for
 * readings it was sent: a server that fails on purpose, as many times as a test says.
 */
final class FailingFirstProxy implements AutoCloseable {
    private static final byte[] UNAVAILABLE =
            "{\"error\":\"unavailable\",\"message\":\"failing on purpose\"}".getBytes(StandardCharsets.UTF_8);

    private final URI target;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger readingRequests = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;

    private FailingFirstProxy(URI target, int failures) throws IOException {
        this.target = target;
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param target the server that answers what is passed on
     * @param failures how many requests for readings fail first
     * @return the proxy, started
     */
    static FailingFirstProxy start(URI target, int failures) throws IOException {
        return new FailingFirstProxy(target, failures);
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
                    HttpRequest.newBuilder(target.resolve(asked.toString())).build(),
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
    }
}
