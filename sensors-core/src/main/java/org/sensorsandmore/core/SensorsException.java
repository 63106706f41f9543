package org.sensorsandmore.core;

/**
 * The root of every exception this library throws on purpose, apart from {@link
 * IllegalArgumentException} for a value that fails validation.
 *
 * <p>Unchecked, like {@code JdbiException}: callers catch it where they can act on it.
 */
public class SensorsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the value or the resource
     */
    public SensorsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the value or the resource
     * @param cause the underlying failure
     */
    public SensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
