package org.sensorsandmore.sql.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.sensorsandmore.core.check.Require;

/**
 * Posts each notice as JSON ({@link AlertNotice#json()}, {@code Content-Type: application/json}) to
 * one address; any 2xx answer is a delivery. The notice's id is also sent as the {@code
 * Idempotency-Key} header.
 *
 * <p>The address may hold a secret (chat webhooks carry a token in their path), so it is neither
 * logged nor stored: the channel's {@link #id()} names its scheme, host and port and a hash of the
 * whole address.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class WebhookChannel implements AlertChannel {
    /** How long a delivery may take, connection included, unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final Duration timeout;
    private final HttpClient http;
    private final String id;

    private WebhookChannel(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.id = "webhook " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + " #" + sha256(uri.toString()).substring(0, 12);
    }

    /**
     * @param uri an {@code http} or {@code https} address
     * @param timeout how long one delivery may take, positive
     * @return the channel
     * @throws IllegalArgumentException when the address is not http(s) or the timeout not positive
     */
    public static WebhookChannel of(URI uri, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "A webhook must be an http:// or https:// address, not '" + uri.getScheme() + "://…'");
        }
        return new WebhookChannel(uri, Require.positive(timeout, "The webhook timeout"));
    }

    /**
     * @param uri an {@code http} or {@code https} address
     * @return the channel, with {@link #DEFAULT_TIMEOUT}
     */
    public static WebhookChannel of(URI uri) {
        return of(uri, DEFAULT_TIMEOUT);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(AlertNotice notice) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", notice.id())
                .POST(HttpRequest.BodyPublishers.ofString(notice.json(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while posting to " + id, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(id + " answered HTTP " + response.statusCode());
        }
    }

    @Override
    public String toString() {
        return id;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
