/**
 * The warehouse: readings stored in one DuckDB database, keyed by (store, sensor, hour), and the
 * client's four views of them with same-weekday baselines.
 *
 * <p>{@link org.sensorsandmore.sql.Warehouse} is the entry point: open a file or an in-memory
 * database, ingest readings, ask a {@link org.sensorsandmore.sql.ViewQuery}, export the views.
 */
package org.sensorsandmore.sql;
