package org.sensorsandmore.sql;

/**
 * The database file is held by another process: DuckDB lets one process write a file at a time. The
 * message says so in one line and names the file (and the other process, when DuckDB tells).
 */
public final class DatabaseInUseException extends WarehouseException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused, naming the file
     * @param cause DuckDB's lock error
     */
    public DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
