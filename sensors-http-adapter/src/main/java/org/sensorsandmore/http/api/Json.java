package org.sensorsandmore.http.api;

/** JSON text for the few shapes the server writes; strings escaped as Python's {@code json.dumps} does. */
final class Json {
    private Json() {}

    /**
     * @param text any string
     * @return it as a JSON string literal, non-ASCII kept as is (Starlette's {@code ensure_ascii=False})
     */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendString(out, text);
        return out.toString();
    }

    static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogatePair(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogatePair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /**
     * @param error a short code, e.g. {@code not_found}
     * @param message a sentence for a person
     * @return {@code {"error":…,"message":…}}
     */
    static String error(String error, String message) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"error\":");
        appendString(out, error);
        out.append(",\"message\":");
        appendString(out, message);
        return out.append('}').toString();
    }
}
