package org.sensorsandmore.spark;

import org.sensorsandmore.sql.FailurePolicy;
import org.sensorsandmore.sql.View;
import org.sensorsandmore.sql.ViewTexts;

/**
 * Every difference between Spark and the DuckDB warehouse, in one place. The view texts themselves
 * are sensors-sql's, unchanged ({@link ViewTexts}); what differs is only how the relation they read,
 * {@code readings}, comes to be.
 *
 * <ul>
 *   <li>DuckDB stores the calendar columns ({@code date, epoch_day, hour_of_day, weekday}) and the
 *       status code at ingest; here they are derived from the raw parquet columns by {@link
 *       #READINGS}, with Spark's own functions: {@code unix_date} for the day number, {@code
 *       weekday} (0 = Monday, the warehouse's convention) for the weekday.
 *   <li>The raw {@code hour} is a store-local hour: parquet timestamps not adjusted to UTC, which
 *       Spark reads as {@code TIMESTAMP_NTZ}. A file whose hours are UTC instants is read in the
 *       session zone, set to UTC, as DuckDB's ingest reads it.
 *   <li>A failed reading's {@code visits} is null whatever the file says, as DuckDB's ingest stores it.
 *   <li>The warehouse keeps one reading per (store, sensor, hour), the last ingested; here the input
 *       must already hold each key once, as {@code sensors generate --format parquet} and {@code
 *       Warehouse.exportReadings} write it.
 * </ul>
 */
final class SparkDialect {
    /** The temporary view name of the raw parquet rows, read by {@link #READINGS}. */
    static final String RAW = "raw_readings";

    /** The warehouse's {@code readings} table, as the view texts expect it, over {@link #RAW}. */
    static final String READINGS = "SELECT"
            + " store,"
            + " sensor_id,"
            + " hour,"
            + " CAST(hour AS DATE) AS date,"
            + " unix_date(CAST(hour AS DATE)) AS epoch_day,"
            + " hour(hour) AS hour_of_day,"
            + " weekday(CAST(hour AS DATE)) AS weekday,"
            + " CAST(CASE status WHEN 'OK' THEN 0 WHEN 'FAILED' THEN 1 WHEN 'NOT_OPEN' THEN 2 END AS TINYINT) AS status,"
            + " CASE WHEN status = 'FAILED' THEN NULL ELSE visits END AS visits,"
            + " anomaly"
            + " FROM (SELECT store, sensor_id, CAST(hour AS TIMESTAMP_NTZ) AS hour, status, CAST(visits AS INT) AS visits,"
            + " anomaly FROM " + RAW + ")";

    private SparkDialect() {}

    /**
     * @return the view's text from sensors-sql, every placeholder filled there (sensors-sql refuses a
     *     placeholder it does not know), to run over {@value ViewTexts#READINGS}
     */
    static String view(View view, int baselineWeeks, FailurePolicy policy) {
        return ViewTexts.sql(view, baselineWeeks, policy);
    }
}
