package org.sensorsandmore.http.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.http.ErrorResponseException;

/**
 * A query string split into decoded parameters, as Python's {@code parse_qsl} (and so FastAPI) reads
 * it: pairs are split at {@code &} only ({@code ;} is part of a value, as in Python since 3.9.2),
 * {@code +} is a space, {@code %XX} a byte, a malformed escape stays as written, bytes are UTF-8
 * with bad sequences replaced. Parsed by hand so that no input, however odd, raises an exception.
 */
final class QueryParameters {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> declared;

    private QueryParameters(List<String> declared) {
        this.declared = declared;
    }

    /**
     * @param rawQuery the query string as sent, or null
     * @param declared the names the route reads (see {@link Route#parameters()}); reading another is a
     *     bug of ours, caught by an assertion, so that the route's description cannot miss it
     */
    static QueryParameters parse(String rawQuery, List<String> declared) {
        QueryParameters parameters = new QueryParameters(declared);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        // Split by hand: this runs for every per-hour request, and a regex split costs more than the rest.
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int end = start;
            while (end < length && rawQuery.charAt(end) != '&') {
                end++;
            }
            if (end > start) {
                String pair = rawQuery.substring(start, end);
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters
                        .values
                        .computeIfAbsent(name, key -> new ArrayList<>(1))
                        .add(value);
            }
            start = end + 1;
        }
        return parameters;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%'
                    && i + 2 < text.length()
                    && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** @return every value of the parameter, in order; empty when absent */
    List<String> all(String name) {
        assert declared.contains(name) : "'" + name + "' is read but not among its Route's parameters";
        return values.getOrDefault(name, List.of());
    }

    /**
     * @return the parameter's one value, or null when absent
     * @throws ErrorResponseException 422 when it is given more than once: an ambiguous request is refused
     */
    String single(String name) throws ErrorResponseException {
        assert declared.contains(name) : "'" + name + "' is read but not among its Route's parameters";
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        if (list.size() > 1) {
            throw new ErrorResponseException(
                    422,
                    "invalid_parameter",
                    "Query parameter '" + name + "' is given " + list.size() + " times; give it once");
        }
        return list.get(0);
    }
}
