package org.sensorsandmore.sql;

/** What {@link Warehouse#export(java.nio.file.Path, FailurePolicy, java.util.Set)} writes for each view. */
public enum ExportFormat {
    /** A folder of parquet files hive-partitioned by store: {@code sensor_hourly.parquet/store=<name>/…}. */
    PARQUET,
    /** One CSV file with a header line: {@code sensor_hourly.csv}. */
    CSV
}
