/**
 * Raw readings as parquet: {@link org.sensorsandmore.sql.parquet.RawParquetDataset} writes a
 * simulated fleet straight to month folders of parquet files, without a database, the raw input of
 * {@code sensors process} and {@code sensors-spark}. The files have the columns of {@link
 * org.sensorsandmore.sql.Warehouse#exportReadings}, which {@link
 * org.sensorsandmore.sql.Warehouse#ingestParquet} reads back.
 *
 * <p>{@link org.sensorsandmore.sql.parquet.RawParquet}, the single-file writer behind {@code
 * exportReadings}, is internal to sensors-sql: not API.
 */
package org.sensorsandmore.sql.parquet;
