package org.sensorsandmore.sql;

import org.sensorsandmore.core.SensorsException;

/**
 * A warehouse operation failed: the database could not be opened, read or written, an input file
 * could not be ingested, or an export could not be written. The message names the file or value.
 *
 * <p>Unchecked, like every exception of this library.
 */
public class WarehouseException extends SensorsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file or value
     */
    public WarehouseException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the file or value
     * @param cause the underlying failure
     */
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
