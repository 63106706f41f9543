/**
 * The warehouse: readings stored in one DuckDB database, keyed by (store, sensor, hour), and the
 * client's four views of them with same-weekday baselines.
 *
 * <p>{@link org.sensorsandmore.sql.Warehouse} is the entry point: open a file or an in-memory
 * database, ingest readings (from a {@code TrafficClient}, columns, values, CSV or parquet), ask a
 * {@link org.sensorsandmore.sql.views.ViewQuery}, export the views. This package holds it, what its
 * operations return ({@link org.sensorsandmore.sql.IngestResult}, {@link
 * org.sensorsandmore.sql.ExportResult}, {@link org.sensorsandmore.sql.StoreCoverage}…) and its
 * exceptions, and its transaction seam ({@link org.sensorsandmore.sql.Warehouse#inTransaction},
 * {@link org.sensorsandmore.sql.Warehouse#read}) for work of the caller's own committed with the
 * readings it ingests.
 *
 * <pre>{@code
 * try (Warehouse warehouse = Warehouse.open(Path.of("data/sensors.duckdb"))) {
 *     CsvIngestResult read = warehouse.ingestCsv(Path.of("original-raw.csv"));
 *     read.csv().rejectedRows();   // the dirty rows, with line numbers and reasons
 *     for (ViewRow day : warehouse.query(ViewQuery.of(View.STORE_DAILY))) {
 *         System.out.println(day.store() + " " + day.date() + " " + day.visits() + " " + day.pctDiff());
 *     }
 *     warehouse.export(Path.of("out"), FailurePolicy.EXCLUDE);
 * }
 * }</pre>
 *
 * <p>The sub-packages:
 *
 * <ul>
 *   <li>{@link org.sensorsandmore.sql.views}: the view contract, the four views, their queries and
 *       rows, and the view texts other engines (Spark) run;
 *   <li>{@link org.sensorsandmore.sql.pipeline}: the hourly pipeline that keeps a warehouse current
 *       from a {@code TrafficClient}, and its scheduler;
 *   <li>{@link org.sensorsandmore.sql.parquet}: raw readings as parquet, a simulated fleet written
 *       straight to files;
 *   <li>{@code org.sensorsandmore.sql.storage} (the storage layout and ingest) and {@code
 *       org.sensorsandmore.sql.export} (the views' exports): internal to sensors-sql, not API.
 * </ul>
 *
 * <p><b>The views' SQL</b> lives in one text per view, {@code
 * org/sensorsandmore/sql/views/<view>.sql} in this jar, written for DuckDB and Spark alike. The
 * calendar columns (day number, hour of day, weekday) are not stored: the texts derive them from
 * the stored {@code epoch_hour} with arithmetic both engines share, so no engine-specific date
 * function is needed. A baseline counts weeks by date, so a missing week is missing: the hourly
 * sensor baseline reads the earlier weeks by {@code LAG} offset (168 readings a week) for a sensor
 * without gaps, and keeps a {@code RANGE} frame over the day number for a sensor with gaps, as the
 * other views do.
 *
 * <p><b>Ingest speed.</b> Readings reach DuckDB as Arrow vectors when the JVM runs with {@code
 * --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code sensors} jar's manifest sets it), and
 * through DuckDB's Appender otherwise, several times slower; the choice is logged once.
 *
 * <p><b>Exports</b> are laid out as {@code <out>/sensor_hourly.parquet/store=<name>/*.parquet} and
 * {@code <out>/sensor_hourly.csv}, and likewise for {@code sensor_daily}, {@code store_hourly} and
 * {@code store_daily}; raw readings as one parquet file with columns {@code store, sensor_id, hour,
 * status, visits, anomaly}.
 */
package org.sensorsandmore.sql;
