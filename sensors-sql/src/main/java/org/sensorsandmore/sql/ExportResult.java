package org.sensorsandmore.sql;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.sensorsandmore.sql.views.View;

/**
 * What {@link Warehouse#export} wrote: the folder and the rows of each view.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param directory the output folder
 * @param rows the rows written for each view (the same in its parquet folder and its CSV file)
 */
public record ExportResult(Path directory, Map<View, Long> rows) {
    /** Copies the counts. */
    public ExportResult {
        Objects.requireNonNull(directory, "directory");
        rows = Map.copyOf(rows);
    }
}
