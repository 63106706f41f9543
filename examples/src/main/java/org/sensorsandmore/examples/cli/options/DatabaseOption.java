package org.sensorsandmore.examples.cli.options;

import java.nio.file.Path;
import org.sensorsandmore.sql.Warehouse;
import picocli.CommandLine.Option;

/** {@code --db}: the warehouse file of the commands that keep one, {@link Warehouse#DEFAULT_FILE} unless told. */
public final class DatabaseOption {
    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The DuckDB database, created when missing (default: ${DEFAULT-VALUE}).")
    Path db = Warehouse.DEFAULT_FILE;

    /**
     * @return the database file
     */
    public Path db() {
        return db;
    }
}
