package org.sensorsandmore.http.dashboard;

import org.sensorsandmore.core.text.JsonText;

/** The endpoints' error envelope; strings are written by {@link JsonText}. */
final class Json {
    private Json() {}

    static String error(String error, String message) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"error\":");
        JsonText.string(out, error);
        out.append(",\"message\":");
        JsonText.string(out, message);
        return out.append("}\n").toString();
    }
}
