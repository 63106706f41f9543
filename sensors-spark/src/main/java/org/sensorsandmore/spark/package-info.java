/**
 * The warehouse's four views on Apache Spark, for fleets that outgrow one machine.
 *
 * <p>{@link org.sensorsandmore.spark.SparkViews} runs sensors-sql's own view texts (one text per
 * view, shared by both engines) over raw readings in parquet, and writes the views in the layout of
 * {@code Warehouse.export}: {@code <out>/<view>.parquet/store=<name>/}. The rows equal DuckDB's,
 * row for row, for both failure policies. {@link org.sensorsandmore.spark.SparkProcess} is the
 * command-line entry point, run by {@code ./sensors spark-process} or by {@code spark-submit}.
 *
 * <p>Spark is a {@code provided} dependency: the cluster (or the launcher) brings it.
 */
package org.sensorsandmore.spark;
