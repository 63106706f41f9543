package org.sensorsandmore.http.client;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;

/**
 * Reads {@code /v1/stores}: a JSON array of flat objects whose values are strings or integers. A
 * small reader of exactly that shape, so that the library needs no JSON dependency.
 */
final class StoresJson {
    private final String text;
    private int p;

    private StoresJson(String text) {
        this.text = text;
    }

    static StoreNetwork parse(String json) {
        String start = json.stripLeading();
        if (!start.startsWith("[")) {
            // An HTML page, a proxy's error text: not a sensors API at all, whatever the parser would say.
            String shown = start.lines().findFirst().orElse("");
            throw new SensorsException(
                    "The server's answer to /v1/stores is not a JSON list of stores (it starts with '"
                            + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown)
                            + "'): is the address that of a sensors API?");
        }
        try {
            List<Map<String, String>> objects = new StoresJson(json).array();
            List<Store> stores = new ArrayList<>();
            for (Map<String, String> object : objects) {
                stores.add(Store.builder(require(object, "name"))
                        .zone(ZoneId.of(require(object, "zone")))
                        .opened(LocalDateTime.parse(require(object, "opened")))
                        .sensors(Integer.parseInt(require(object, "sensors")))
                        .build());
            }
            return new StoreNetwork(stores);
        } catch (RuntimeException e) {
            throw new SensorsException("The server's store list is not valid: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> object, String key) {
        String value = object.get(key);
        if (value == null) {
            throw new IllegalArgumentException("a store has no '" + key + "'");
        }
        return value;
    }

    private List<Map<String, String>> array() {
        List<Map<String, String>> list = new ArrayList<>();
        sequence('[', ']', () -> list.add(object()));
        return list;
    }

    private Map<String, String> object() {
        Map<String, String> map = new LinkedHashMap<>();
        sequence('{', '}', () -> {
            skipSpace();
            String key = string();
            expect(':');
            skipSpace();
            map.put(key, peek() == '"' ? string() : number());
        });
        return map;
    }

    /** Reads {@code open}, elements separated by commas, then {@code close}: an array's frame and an object's. */
    private void sequence(char open, char close, Runnable element) {
        expect(open);
        skipSpace();
        if (peek() == close) {
            p++;
            return;
        }
        while (true) {
            element.run();
            skipSpace();
            char c = next();
            if (c == close) {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or " + close + " at " + (p - 1));
            }
        }
    }

    private String number() {
        int start = p;
        while (p < text.length() && "+-0123456789".indexOf(text.charAt(p)) >= 0) {
            p++;
        }
        if (start == p) {
            throw new IllegalArgumentException("expected a string or an integer at " + p);
        }
        return text.substring(start, p);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (p + 4 > text.length()) {
                        throw new IllegalArgumentException("a cut \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(p, p + 4), 16));
                    p += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private void expect(char c) {
        skipSpace();
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (p - 1));
        }
    }

    private char peek() {
        if (p >= text.length()) {
            throw new IllegalArgumentException("the text ends too early");
        }
        return text.charAt(p);
    }

    private char next() {
        char c = peek();
        p++;
        return c;
    }

    private void skipSpace() {
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
    }
}
