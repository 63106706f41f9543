/**
 * The four views written as parquet folders and CSV files, each appearing atomically, for {@link
 * org.sensorsandmore.sql.Warehouse#export}.
 *
 * <p>This package is internal to sensors-sql: it is not API, and may change without notice. Use
 * {@link org.sensorsandmore.sql.Warehouse}.
 */
package org.sensorsandmore.sql.export;
