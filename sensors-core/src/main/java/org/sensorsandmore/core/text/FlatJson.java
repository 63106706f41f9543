package org.sensorsandmore.core.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON the sensors APIs answer with: flat objects whose values are strings or integers
 * ({@code /health}), and arrays of them ({@code /v1/stores}). A small reader of exactly that
 * shape, so that the library needs no JSON dependency; anything else is refused.
 *
 * <pre>{@code
 * Map<String, String> health = FlatJson.object("{\"status\":\"UP\",\"now\":\"2024-07-01T10:00\"}");
 * health.get("now");   // "2024-07-01T10:00"
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class FlatJson {
    private final String text;
    private int p;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * @param json one flat object
     * @return its members in order, integers as their digits
     * @throws IllegalArgumentException when the text is not one flat object, saying where
     */
    public static Map<String, String> object(String json) {
        FlatJson reader = new FlatJson(json);
        Map<String, String> object = reader.object();
        reader.end();
        return object;
    }

    /**
     * @param json an array of flat objects
     * @return each object's members in order, integers as their digits
     * @throws IllegalArgumentException when the text is not such an array, saying where
     */
    public static List<Map<String, String>> objects(String json) {
        FlatJson reader = new FlatJson(json);
        List<Map<String, String>> objects = reader.array();
        reader.end();
        return objects;
    }

    private void end() {
        skipSpace();
        if (p < text.length()) {
            throw new IllegalArgumentException("unexpected text after the value at " + p);
        }
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
