package org.sensorsandmore.examples.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.concurrent.Futures;
import org.sensorsandmore.core.text.FlatJson;
import org.sensorsandmore.http.client.HttpBuilders;

/**
 * "Now" as a client API sees it, from its {@code /health}: an instant (a live server), to be read in
 * each store's zone, or a wall-clock time (a server started with a pinned {@code --now}), the same
 * for every store. The commands that fetch up to "now" use it, so that they agree with the server
 * whatever the machine's clock and zone.
 *
 * @param instant the server's instant, or null when it answered a wall-clock time
 * @param wallClock the server's pinned wall-clock time, or null when it answered an instant
 */
record SourceNow(Instant instant, LocalDateTime wallClock) {
    /**
     * @param api the API's address
     * @return what its {@code /health} says, or empty when it has none (the original Python server)
     *     or cannot be reached (the fetch that follows reports that, with its retries)
     */
    static Optional<SourceNow> of(URI api) {
        HttpClient http = HttpBuilders.forAddress(api)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(api.resolve("/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // {"status":"UP","now":"…"}
            String now = response.statusCode() == 200
                    ? FlatJson.object(response.body()).get("now")
                    : null;
            if (now == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new SourceNow(Instant.parse(now), null));
            } catch (DateTimeParseException e) {
                return Optional.of(new SourceNow(null, LocalDateTime.parse(now)));
            }
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            // An answer that is not the sensors API's health: as if it had none.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            HttpBuilders.release(http);
        }
    }

    /**
     * Starts asking an API for its now on a thread of its own, so that the question (an HTTP client
     * of its own, and a round trip) goes on while the caller opens its database: about 0.1 s each
     * in an hourly {@code sensors pipeline --once}.
     *
     * @param api the API's address
     * @return the answer of {@link #of} to come
     */
    static CompletableFuture<Optional<SourceNow>> ask(URI api) {
        return CompletableFuture.supplyAsync(() -> of(api), task -> {
            Thread thread = new Thread(task, "sensors-source-now");
            // A command that fails before it needs the answer does not wait for it.
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * @param asked what {@link #ask} returned
     * @return its answer, once there
     */
    static Optional<SourceNow> answer(CompletableFuture<Optional<SourceNow>> asked) {
        return Futures.await(
                asked,
                "Interrupted while asking the API for its now",
                "Cannot ask the API for its now",
                SensorsException::new);
    }

    /** @return the store's local time now */
    LocalDateTime localTo(Store store) {
        return wallClock != null ? wallClock : LocalDateTime.ofInstant(instant, store.zone());
    }
}
