package org.sensorsandmore.http.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.retry.Backoff;
import org.sensorsandmore.core.text.Messages;

/**
 * The retries both clients share: the waits of the configuration's {@link
 * org.sensorsandmore.core.retry.RetryPolicy} (one {@link Backoff} a client, so its jitter is one
 * seeded sequence), which answers are worth another attempt, and the loop of a request whose answer
 * is small. Every retry is told to the sink being filled ({@link ReadingSink#retrying}).
 */
final class Retrier {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** How another web server's page starts: an error body that is no answer of the API. */
    private static final Pattern HTML_PAGE = Pattern.compile("(<!doctype html|<html)", Pattern.CASE_INSENSITIVE);

    private static final Pattern HTML_TITLE =
            Pattern.compile("<title[^>]*>([^<]{1,100})</title>", Pattern.CASE_INSENSITIVE);

    private final Backoff backoff;

    Retrier(FetchConfig config) {
        this.backoff = Backoff.of(config.retry(), config.sleeper());
    }

    /** @return the attempts per request, the first included */
    int maxAttempts() {
        return backoff.policy().maxAttempts();
    }

    /**
     * Waits before an attempt, then tells the sink that the request is made again.
     *
     * @param attempt the attempt about to be made, from 2
     * @param window the hours of the request
     * @param sink told of the retry
     * @throws FetchFailedException when interrupted while waiting
     */
    void pause(int attempt, HourWindow window, ReadingSink sink) {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException(window, "interrupted while waiting to retry", e);
        }
        sink.retrying(window);
    }

    /**
     * Sends a request whose answer is small (a store list, a count), retrying as the policy says.
     *
     * @param http the client to send with
     * @param request the request
     * @param maxBytes the most bytes the answer may have
     * @param window the hours the request is for, for the sink
     * @param sink told of each retry
     * @return the body of the first answer with status 200
     * @throws GaveUpException when the server refused the request (a 4xx other than 429) or every
     *     attempt failed
     * @throws InterruptedException when interrupted while sending or waiting
     */
    String askSmall(HttpClient http, HttpRequest request, int maxBytes, HourWindow window, ReadingSink sink)
            throws GaveUpException, InterruptedException {
        String lastError = "";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= maxAttempts(); attempt++) {
            if (attempt > 1) {
                backoff.pause(attempt);
                sink.retrying(window);
            }
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                String body = body(response, maxBytes);
                if (response.statusCode() == 200) {
                    return body;
                }
                lastError = describe(response.statusCode(), body);
                lastCause = null;
                if (!retryable(response.statusCode())) {
                    throw new GaveUpException(lastError, null, true);
                }
            } catch (IOException e) {
                lastError = describe(e);
                lastCause = e;
            }
        }
        throw new GaveUpException(lastError, lastCause, false);
    }

    /** A small request that got no answer with status 200; the message is the last error. */
    static final class GaveUpException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean refused;

        GaveUpException(String lastError, Throwable lastCause, boolean refused) {
            super(lastError, lastCause);
            this.refused = refused;
        }

        /** @return whether the server refused the request, rather than every attempt failing */
        boolean refused() {
            return refused;
        }
    }

    /** @return whether an answer with this status is worth another attempt */
    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** A status and a short body, for messages. */
    static String describe(int status, String body) {
        String shown = body == null ? "" : WHITESPACE.matcher(body.strip()).replaceAll(" ");
        if (HTML_PAGE.matcher(shown).lookingAt()) {
            // Some other web server's page (a wrong port or path), not an answer of the API: its
            // title, not its markup.
            Matcher title = HTML_TITLE.matcher(shown);
            return "HTTP " + status + " with a web page"
                    + (title.find() ? " titled '" + title.group(1).strip() + "'" : "")
                    + ", not an answer of the client API (is the address the API's?)";
        }
        if (shown.length() > 300) {
            shown = shown.substring(0, 300) + "…";
        }
        return "HTTP " + status + (shown.isEmpty() ? "" : " " + shown);
    }

    static String describe(HttpResponse<? extends InputStream> response) {
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
    static String body(HttpResponse<InputStream> response, int maxBytes) throws IOException {
        try (var body = response.body()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("the answer is longer than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * A network failure in words, for messages a user reads: the first message in its chain, never
     * a class name. The JDK's failures to connect carry no message, or only the host's name.
     */
    static String describe(Throwable error) {
        String message = Messages.told(error).getMessage();
        if (causedBy(error, UnknownHostException.class) || causedBy(error, UnresolvedAddressException.class)) {
            return "unknown host" + (message == null ? "" : " " + message);
        }
        if (causedBy(error, ConnectException.class)) {
            return "cannot connect" + (message == null ? "" : ": " + message) + " (is the server running?)";
        }
        if (message == null) {
            return causedBy(error, EOFException.class) ? "the connection ended early" : "the connection failed";
        }
        return message;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static FetchFailedException interrupted(HourWindow window, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new FetchFailedException(window, "interrupted", e);
    }
}
