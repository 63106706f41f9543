package org.sensorsandmore.sql.storage;

import java.nio.file.Path;

/**
 * Text as SQL string literals, for the places DuckDB takes no bind parameter: a file in {@code
 * COPY … TO} or {@code read_parquet(…)}, a table's name in {@code pragma_storage_info(…)}. The one
 * home of the quoting rule: quotes are doubled.
 */
public final class SqlLiterals {
    private SqlLiterals() {}

    /**
     * @param text any text
     * @return it as an SQL string literal
     */
    public static String of(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * @param path a file or folder
     * @return its absolute path as an SQL string literal
     */
    public static String of(Path path) {
        return of(path.toAbsolutePath().toString());
    }
}
