/**
 * The warehouse's storage layout and ingest: the versioned schema and its migrations ({@link
 * org.sensorsandmore.sql.storage.Schema}), the readings as sensor-day rows ({@link
 * org.sensorsandmore.sql.storage.ReadingDays}), and the loader that writes readings into them
 * ({@link org.sensorsandmore.sql.storage.Loader}, through Arrow or DuckDB's Appender).
 *
 * <p>This package is internal to sensors-sql: it is not API, and may change without notice. Use
 * {@link org.sensorsandmore.sql.Warehouse}.
 */
package org.sensorsandmore.sql.storage;
