package org.sensorsandmore.sql;

import org.sensorsandmore.sql.views.FailurePolicy;

/**
 * The file formats of an export: what {@link Warehouse#export(java.nio.file.Path, FailurePolicy,
 * java.util.Set)} writes for each view, whole, and {@link Warehouse#exportChanges} for each
 * partition of a view.
 */
public enum ExportFormat {
    /**
     * Parquet: {@code export} writes a folder hive-partitioned by store ({@code
     * sensor_hourly.parquet/store=<name>/…}), {@code exportChanges} a file per partition.
     */
    PARQUET,
    /**
     * CSV with a header line: {@code export} writes one file ({@code sensor_hourly.csv}), {@code
     * exportChanges} a file per partition.
     */
    CSV
}
