package org.sensorsandmore.http.dashboard;

/** Just enough JSON writing for the endpoints: strings escaped so any store name is safe. */
final class Json {
    private Json() {}

    static StringBuilder string(StringBuilder out, String value) {
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
                // '<', '>' and '&' escaped too, so a response can never close a script or open a tag
                // even if some client pastes it into HTML; U+2028/9 break older JavaScript parsers.
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

    static String error(String error, String message) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"error\":");
        string(out, error);
        out.append(",\"message\":");
        string(out, message);
        return out.append("}\n").toString();
    }
}
