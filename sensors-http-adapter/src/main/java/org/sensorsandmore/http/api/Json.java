package org.sensorsandmore.http.api;

import org.sensorsandmore.core.text.JsonText;

/**
 * JSON text for the few shapes the server writes; strings escaped as Python's {@code json.dumps}
 * does, by {@link JsonText#plainString}.
 */
final class Json {
    private Json() {}

    /**
     * @param text any string
     * @return it as a JSON string literal, non-ASCII kept as is (Starlette's {@code ensure_ascii=False})
     */
    static String string(String text) {
        return JsonText.plainString(new StringBuilder(text.length() + 2), text).toString();
    }

    /**
     * @param error a short code, e.g. {@code not_found}
     * @param message a sentence for a person
     * @return {@code {"error":…,"message":…}}
     */
    static String error(String error, String message) {
        return JsonText.errorObject(error, message, false);
    }
}
