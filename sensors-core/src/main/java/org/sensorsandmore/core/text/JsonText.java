package org.sensorsandmore.core.text;

/**
 * JSON string literals for the library's hand-written JSON (the dashboard's answers, alert
 * notices, the servers' error envelope): any text, a hostile store name included, stays one safe
 * string.
 */
public final class JsonText {
    private JsonText() {}

    /**
     * Appends a value as a JSON string literal. Besides what JSON requires, {@code <}, {@code >} and
     * {@code &} are escaped, so the text can never close a script or open a tag even if some client
     * pastes it into HTML, and U+2028/U+2029, which break older JavaScript parsers.
     *
     * @param out where to append
     * @param value the text; null appends {@code null}
     * @return {@code out}
     */
    public static StringBuilder string(StringBuilder out, String value) {
        return append(out, value, true);
    }

    /**
     * Appends a value as a JSON string literal escaped as Python's {@code json.dumps(...,
     * ensure_ascii=False)} does: only what JSON requires, so the API's answers match the original
     * server's byte for byte.
     *
     * @param out where to append
     * @param value the text; null appends {@code null}
     * @return {@code out}
     */
    public static StringBuilder plainString(StringBuilder out, String value) {
        return append(out, value, false);
    }

    /**
     * The error envelope both HTTP servers answer with, {@code {"error":…,"message":…}}.
     *
     * @param error a short code, e.g. {@code not_found}
     * @param message a sentence for a person
     * @param htmlSafe whether the strings are escaped as by {@link #string} (the dashboard's) or as by
     *     {@link #plainString} (the API's, as the original server's)
     * @return the envelope
     */
    public static String errorObject(String error, String message, boolean htmlSafe) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"error\":");
        append(out, error, htmlSafe);
        out.append(",\"message\":");
        append(out, message, htmlSafe);
        return out.append('}').toString();
    }

    private static StringBuilder append(StringBuilder out, String value, boolean htmlSafe) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || htmlSafe && isHtmlSensitive(c) || loneSurrogate(value, i)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean isHtmlSensitive(char c) {
        return c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029';
    }

    /** A half of a surrogate pair without its other half cannot be encoded; it is written escaped. */
    private static boolean loneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }
}
