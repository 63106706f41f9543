package org.sensorsandmore.http.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.sensorsandmore.core.HourWindow;

/** The back-off clock and the retry decisions both clients share. */
final class Retrier {
    private final FetchConfig config;
    /** java.util.Random is thread-safe and seeded: jitter is reproducible, never ThreadLocalRandom. */
    private final Random random;

    Retrier(FetchConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    /** Sleeps before retry {@code retry} (from 1). */
    void pause(int retry, HourWindow window) {
        Duration delay = config.backoff(retry, random.nextDouble());
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException(window, "interrupted while waiting to retry", e);
        }
    }

    /** @return whether an answer with this status is worth another attempt */
    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** A status and a short body, for messages. */
    static String describe(int status, String body) {
        String shown = body == null ? "" : body.strip();
        if (shown.length() > 300) {
            shown = shown.substring(0, 300) + "…";
        }
        return "HTTP " + status + (shown.isEmpty() ? "" : " " + shown);
    }

    static String describe(HttpResponse<java.io.InputStream> response) {
        try (var body = response.body()) {
            return describe(response.statusCode(), new String(body.readNBytes(2_000), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return describe(response.statusCode(), "(body unreadable: " + e.getMessage() + ")");
        }
    }

    /**
     * Reads a small answer whole, refusing one past a limit: a server may not make the client hold
     * a body of any size.
     *
     * @param response an answer whose body is still unread; its body is closed
     * @param maxBytes the most bytes the answer may have
     * @return the body as text
     * @throws IOException when it cannot be read or is longer than the limit
     */
    static String body(HttpResponse<java.io.InputStream> response, int maxBytes) throws IOException {
        try (var body = response.body()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("the answer is longer than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The error's type and the first message in its chain (the JDK's ConnectException has none). */
    static String describe(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null && message == null; t = t.getCause()) {
            message = t.getMessage();
        }
        if (message == null && error instanceof java.net.ConnectException) {
            message = "cannot connect (is the server running?)";
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static FetchFailedException interrupted(HourWindow window, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new FetchFailedException(window, "interrupted", e);
    }
}
