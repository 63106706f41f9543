package org.sensorsandmore.http.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every route the API answers and the query parameters each one reads: the one list that the
 * handler dispatches over (an exhaustive switch), that {@link QueryParameters} holds the routes to
 * (a parameter read but not listed fails an assertion), and that the tests compare with {@code
 * /openapi.json}, so that a route or parameter cannot be served without being described.
 */
@SuppressWarnings("ImmutableEnumChecker") // its lists are List.of(...): immutable
enum Route {
    /** The original's per-hour route. */
    LEGACY("/", LegacyRoute.PARAMETERS),
    STORES("/v1/stores", List.of()),
    READINGS("/v1/readings", ReadingsRoute.PARAMETERS),
    HEALTH("/health", List.of()),
    OPENAPI("/openapi.json", List.of());

    private static final Map<String, Route> BY_PATH =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Route::path, Function.identity()));

    /** The paths, for an unknown route's message. */
    static final String PATHS = Arrays.stream(values()).map(Route::path).collect(Collectors.joining(", "));

    private final String path;
    private final List<String> parameters;

    Route(String path, List<String> parameters) {
        this.path = path;
        this.parameters = parameters;
    }

    /** @return the route of a request path, or null when there is none (no prefix matching) */
    static Route of(String path) {
        return BY_PATH.get(path);
    }

    String path() {
        return path;
    }

    /** @return the names of the query parameters the route reads; others are ignored, as FastAPI does */
    List<String> parameters() {
        return parameters;
    }
}
