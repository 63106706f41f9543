package org.sensorsandmore.http.dashboard;

/** A request the client can fix: answered with a 4xx and this message, never a stack trace. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    BadRequestException(String message) {
        this(400, "bad_request", message);
    }

    BadRequestException(int status, String error, String message) {
        super(message, null, false, false); // no stack: it is never logged or shown
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
