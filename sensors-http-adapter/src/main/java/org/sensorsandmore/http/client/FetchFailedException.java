package org.sensorsandmore.http.client;

import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.SensorsException;

/**
 * A fetch that failed for good: the server refused the request (a 4xx), or every retry failed. The
 * message names the window and the last error; readings before the failure may have reached the
 * sink, none twice.
 */
public final class FetchFailedException extends SensorsException {
    private static final long serialVersionUID = 1L;

    private final transient HourWindow window;

    /**
     * @param window the hours being fetched
     * @param message what failed, naming the last error
     * @param cause the last error, if it was an exception
     */
    public FetchFailedException(HourWindow window, String message, Throwable cause) {
        super("Fetching " + window + " failed: " + message, cause);
        this.window = window;
    }

    /** @return the hours being fetched when it failed */
    public HourWindow window() {
        return window;
    }
}
