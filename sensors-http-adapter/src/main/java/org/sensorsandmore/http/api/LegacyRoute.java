package org.sensorsandmore.http.api;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.http.ErrorResponseException;

/**
 * The original API's one route, {@code GET /?store_name=&year=&month=&day=&hour=[&sensor_id=]}, with
 * the original's answers for every input it answered well (a bare JSON integer, or a bare JSON string
 * with a 404), checked in the original's order, and a 4xx where the original failed with a 500.
 */
final class LegacyRoute {
    private static final String[] INTEGER_PARAMETERS = {"year", "month", "day", "hour"};

    /** Every query parameter the route reads, in the original's order. */
    static final List<String> PARAMETERS = List.of("store_name", "year", "month", "day", "hour", "sensor_id");

    private final ApiServerConfig config;
    private final Map<String, Store> stores = new HashMap<>();
    private final String storeList;

    LegacyRoute(ApiServerConfig config) {
        this.config = config;
        StoreNetwork network = config.network();
        network.stores().forEach(store -> stores.put(store.name(), store));
        this.storeList = String.join(", ", network.names());
    }

    /** An answer: a status and its JSON body. */
    record Answer(int status, String body) {}

    Answer answer(QueryParameters query) throws ErrorResponseException {
        // FastAPI validates every parameter before the function runs: 422 first, naming them all.
        List<String> problems = new ArrayList<>();
        String storeName = query.single("store_name");
        if (storeName == null) {
            problems.add("'store_name' is missing");
        }
        long[] date = new long[4];
        for (int i = 0; i < INTEGER_PARAMETERS.length; i++) {
            date[i] = integer(query, INTEGER_PARAMETERS[i], true, problems);
        }
        String sensorText = query.single("sensor_id");
        long sensorId = sensorText == null ? -1 : integer(query, "sensor_id", false, problems);
        if (!problems.isEmpty()) {
            throw new ErrorResponseException(
                    422, "invalid_parameter", "Query parameter " + String.join("; ", problems));
        }

        Store store = stores.get(storeName);
        if (store == null) {
            return new Answer(
                    404,
                    Json.string("Store '" + storeName + "' not found. It should one of the following names: "
                            + storeList + "."));
        }
        int sensors = store.sensorCount();
        // The original checked sensor_id > n, so sensor_id == n passed on to the date checks, which
        // answered well (-2 at or before the opening, the "past" 404 after now); only its reading
        // failed (a 500). Those two answers are kept, and the 500 becomes this 404.
        if (sensorText != null && (sensorId < 0 || sensorId > sensors)) {
            return new Answer(404, sensorOutOfRange(sensors));
        }
        LocalDateTime hour = hour(date);
        if (!hour.isAfter(store.opened())) {
            return new Answer(200, "-2");
        }
        // The machine's one local now, not the store's: the original compared with datetime.now().
        if (hour.isAfter(config.legacyNow())) {
            return new Answer(404, Json.string("Use a date in the past."));
        }
        if (sensorId == sensors) {
            return new Answer(404, sensorOutOfRange(sensors));
        }
        if (sensorText != null) {
            return new Answer(
                    200,
                    Integer.toString(
                            config.model().reading(store, (int) sensorId, hour).legacyCount()));
        }
        long sum = 0;
        for (int k = 0; k < sensors; k++) {
            Reading reading = config.model().reading(store, k, hour);
            sum += reading.isOk() ? reading.visits() : 0; // the original counted a failure as 0
        }
        return new Answer(200, Long.toString(sum));
    }

    private static String sensorOutOfRange(int sensors) {
        return Json.string("Sensor_id for this shop should be between 0 and " + (sensors - 1));
    }

    /** The date and hour, or 400 naming what is impossible (the original answered 500). */
    private static LocalDateTime hour(long[] date) throws ErrorResponseException {
        long year = date[0];
        if (year < 1 || year > 9999) {
            throw invalidDate("the year must be 1 to 9999, not " + shown(year));
        }
        if (date[1] < 1 || date[1] > 12) {
            throw invalidDate("the month must be 1 to 12, not " + shown(date[1]));
        }
        if (date[3] < 0 || date[3] > 23) {
            throw invalidDate("the hour must be 0 to 23, not " + shown(date[3]));
        }
        if (date[2] < 1 || date[2] > 31) {
            throw invalidDate("the day must be 1 to 31, not " + shown(date[2]));
        }
        try {
            return LocalDateTime.of((int) year, (int) date[1], (int) date[2], (int) date[3], 0);
        } catch (DateTimeException e) {
            throw invalidDate(year + "-" + date[1] + "-" + date[2] + " does not exist");
        }
    }

    private static String shown(long value) {
        return value == Long.MAX_VALUE
                ? "a number that large"
                : value == Long.MIN_VALUE ? "a number that small" : Long.toString(value);
    }

    private static ErrorResponseException invalidDate(String why) {
        return new ErrorResponseException(400, "invalid_date", "Enter a valid date: " + why);
    }

    /**
     * Reads an integer as Python's {@code int()} reads a plain one: optional sign, ASCII digits.
     * One too large for a long saturates, so that range checks still refuse it.
     */
    private static long integer(QueryParameters query, String name, boolean required, List<String> problems)
            throws ErrorResponseException {
        String text = query.single(name);
        if (text == null) {
            if (required) {
                problems.add("'" + name + "' is missing");
            }
            return 0;
        }
        Long value = parseInteger(text);
        if (value == null) {
            problems.add("'" + name + "' must be an integer, not " + Json.string(abbreviate(text)));
            return 0;
        }
        return value;
    }

    static Long parseInteger(String text) {
        int start = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            start = 1;
        }
        if (start == text.length()) {
            return null;
        }
        long value = 0;
        boolean overflow = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                overflow = true;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }

    /** Keeps an echoed value short: a client sending megabytes does not get them back. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }
}
