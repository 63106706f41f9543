package org.sensorsandmore.core.text;

/**
 * JSON string literals for the library's hand-written JSON (the dashboard's answers, alert
 * notices): any text, a hostile store name included, stays one safe string.
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
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
                default -> {
                    if (c < 0x20) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }
}
