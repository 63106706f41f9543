package org.sensorsandmore.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.StatusCodes;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewTexts;

/**
 * Every difference between Spark and the DuckDB warehouse, in one place. The view texts themselves
 * are sensors-sql's, unchanged ({@link ViewTexts}); what differs is only how the relations they read,
 * {@code readings} and {@code stores}, come to be.
 *
 * <ul>
 *   <li>DuckDB numbers stores (table {@code stores}) and stores each reading's hour as {@code
 *       epoch_hour} and its status as a code at ingest; here {@link #stores} numbers the stores of
 *       the raw parquet rows by name, and {@link #READINGS} derives the rest with Spark's own
 *       functions: {@code unix_date} for the day number, {@code hour} for the hour of the day.
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

    /**
     * The warehouse's {@code stores} table, as the view texts expect it, over {@link #RAW}: the
     * distinct names, numbered from 1 in name order on the driver. A fleet has a few thousand
     * stores at most; numbering them with a window over all names instead has no partition, so
     * Spark moves every name into one partition and warns on each query that reads the table.
     *
     * @param session the session where {@link #RAW} is registered
     * @return the stores, {@code store_id} and {@code store}
     */
    static Dataset<Row> stores(SparkSession session) {
        List<String> names =
                new ArrayList<>(session.sql("SELECT DISTINCT store FROM " + RAW + " WHERE store IS NOT NULL")
                        .as(Encoders.STRING())
                        .collectAsList());
        Collections.sort(names);
        List<Row> rows = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            rows.add(RowFactory.create(i + 1, names.get(i)));
        }
        StructType schema = new StructType()
                .add("store_id", DataTypes.IntegerType, false)
                .add("store", DataTypes.StringType, false);
        return session.createDataFrame(rows, schema);
    }

    /** The warehouse's {@code readings} table, as the view texts expect it, over {@link #RAW} and {@link #stores}. */
    static final String READINGS = "SELECT"
            + " s.store_id,"
            + " r.sensor_id,"
            + " CAST(unix_date(CAST(r.hour AS DATE)) * 24 + hour(r.hour) AS INT) AS epoch_hour,"
            + " CAST(" + StatusCodes.ofName("r.status") + " AS TINYINT) AS status,"
            + " CASE WHEN r.status = 'FAILED' THEN NULL ELSE r.visits END AS visits,"
            + " r.anomaly"
            + " FROM (SELECT store, sensor_id, CAST(hour AS TIMESTAMP_NTZ) AS hour, status, CAST(visits AS INT) AS visits,"
            + " anomaly FROM " + RAW + ") r"
            + " JOIN " + ViewTexts.STORES + " s ON s.store = r.store";

    private SparkDialect() {}

    /**
     * @return the view's text from sensors-sql, every placeholder filled there (sensors-sql refuses a
     *     placeholder it does not know), to run over {@value ViewTexts#READINGS} and {@value ViewTexts#STORES}
     */
    static String view(View view, int baselineWeeks, FailurePolicy policy) {
        return ViewTexts.sql(view, baselineWeeks, policy);
    }
}
