/**
 * The warehouse: readings stored in one DuckDB database, keyed by (store, sensor, hour), and the
 * client's four views of them with same-weekday baselines.
 *
 * <p>{@link org.sensorsandmore.sql.Warehouse} is the entry point: open a file or an in-memory
 * database, ingest readings, ask a {@link org.sensorsandmore.sql.ViewQuery}, export the views.
 *
 * <p>{@link org.sensorsandmore.sql.Pipeline} keeps a warehouse current from a {@code TrafficClient}:
 * incremental catch-ups from per-store watermarks, in chunks committed together with their
 * watermarks and run-log row (so a killed run is taken up by the next), and {@link
 * org.sensorsandmore.sql.PipelineScheduler} runs it every hour with retries.
 */
package org.sensorsandmore.sql;
