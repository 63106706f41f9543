package org.sensorsandmore.http.api;

/**
 * A request the server answers with a 4xx (or a deliberate 503) and a JSON body: thrown by the
 * routes, turned into a response in one place, never shown as a stack trace.
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    ApiException(int status, String error, String message) {
        super(message, null, false, false); // no stack trace: it is an answer, not a fault
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
