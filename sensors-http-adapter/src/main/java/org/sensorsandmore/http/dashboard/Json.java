package org.sensorsandmore.http.dashboard;

import org.sensorsandmore.core.text.JsonText;

/** The endpoints' error envelope: {@link JsonText#errorObject} with HTML-safe strings, as a line. */
final class Json {
    private Json() {}

    static String error(String error, String message) {
        return JsonText.errorObject(error, message, true) + "\n";
    }
}
