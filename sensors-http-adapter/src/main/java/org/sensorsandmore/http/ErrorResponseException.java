package org.sensorsandmore.http;

/**
 * A request that this module's servers answer with an error status (a 4xx, or a deliberate 503) and
 * the JSON envelope {@code {"error":…,"message":…}}: thrown where the request is read, turned into
 * the response in one place by each server's handler, never shown as a stack trace (it records
 * none). Public only so that the API server and the dashboard share it. Immutable.
 */
public final class ErrorResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    /**
     * A request the client can fix: {@code 400} and {@code bad_request}.
     *
     * @param message a sentence for a person, naming the parameter and the value
     */
    public ErrorResponseException(String message) {
        this(400, "bad_request", message);
    }

    /**
     * @param status the HTTP status
     * @param error a short code, e.g. {@code not_found}
     * @param message a sentence for a person
     */
    public ErrorResponseException(int status, String error, String message) {
        super(message, null, false, false); // no stack trace: it is an answer, not a fault
        this.status = status;
        this.error = error;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the short code of the JSON envelope's {@code error} */
    public String error() {
        return error;
    }
}
