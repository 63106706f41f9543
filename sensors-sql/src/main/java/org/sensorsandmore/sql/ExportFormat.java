package org.sensorsandmore.sql;

import org.sensorsandmore.sql.views.FailurePolicy;

/** What {@link Warehouse#export(java.nio.file.Path, FailurePolicy, java.util.Set)} writes for each view. */
public enum ExportFormat {
    /** A folder of parquet files hive-partitioned by store: {@code sensor_hourly.parquet/store=<name>/…}. */
    PARQUET,
    /** One CSV file with a header line: {@code sensor_hourly.csv}. */
    CSV
}
