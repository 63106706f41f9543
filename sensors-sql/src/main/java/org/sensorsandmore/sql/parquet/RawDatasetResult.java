package org.sensorsandmore.sql.parquet;

import java.nio.file.Path;

/**
 * What {@link RawParquetDataset#write} wrote.
 *
 * @param directory the dataset's folder
 * @param files the parquet files written
 * @param readings the readings written
 */
public record RawDatasetResult(Path directory, int files, long readings) {}
