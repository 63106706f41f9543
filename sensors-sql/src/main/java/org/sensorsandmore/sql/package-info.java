/**
 * The warehouse: readings stored in one DuckDB database, keyed by (store, sensor, hour), and the
 * client's four views of them with same-weekday baselines.
 *
 * <p>{@link org.sensorsandmore.sql.Warehouse} is the entry point: open a file or an in-memory
 * database, ingest readings (from a {@code TrafficClient}, columns, values, CSV or parquet), ask a
 * {@link org.sensorsandmore.sql.ViewQuery}, export the views.
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
 * <p><b>The views' SQL</b> lives in one text per view, {@code
 * org/sensorsandmore/sql/views/<view>.sql} in this jar, written for DuckDB and Spark alike: the
 * calendar columns (date, day number, hour of day, weekday) are stored at ingest so no
 * engine-specific date function is needed, and the baseline is a {@code RANGE} frame over the day
 * number, so a missing week is missing.
 *
 * <p><b>Ingest speed.</b> Readings reach DuckDB as Arrow vectors when the JVM runs with {@code
 * --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code sensors} jar's manifest sets it), and
 * through DuckDB's Appender otherwise, several times slower; the choice is logged once.
 *
 * <p><b>Exports</b> are laid out as {@code <out>/sensor_hourly.parquet/store=<name>/*.parquet} and
 * {@code <out>/sensor_hourly.csv}, and likewise for {@code sensor_daily}, {@code store_hourly} and
 * {@code store_daily}; raw readings as one parquet file with columns {@code store, sensor_id, hour,
 * status, visits, anomaly}.
 *
 * <p>{@link org.sensorsandmore.sql.Pipeline} keeps a warehouse current from a {@code TrafficClient}:
 * incremental catch-ups from per-store watermarks, in chunks committed together with their
 * watermarks and run-log row (so a killed run is taken up by the next), and {@link
 * org.sensorsandmore.sql.PipelineScheduler} runs it every hour with retries.
 */
package org.sensorsandmore.sql;
