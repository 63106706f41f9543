package org.sensorsandmore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewTexts;

/**
 * The four views of sensors-sql's {@code Warehouse}, computed by Spark over raw readings in parquet:
 * the same texts, the same baselines, the same failure policies, the same export layout.
 *
 * <pre>{@code
 * SparkViews views = SparkViews.overParquet(spark, "hdfs:///footfall/raw");
 * Dataset<Row> days = views.view(View.STORE_DAILY, FailurePolicy.EXCLUDE);
 * views.export("hdfs:///footfall/views", FailurePolicy.EXCLUDE);
 * }</pre>
 *
 * <p>The raw readings have the columns of {@code Warehouse.exportReadings} and {@code sensors
 * generate --format parquet}: {@code store, sensor_id, hour, status, visits, anomaly}, each (store,
 * sensor, hour) once. The views' rows are those of {@code Warehouse.query}, row for row; the
 * differences between the engines are listed in one place, the package-private {@code
 * SparkDialect}.
 *
 * <p>{@link #overParquet} works in a session of its own ({@link SparkSession#newSession()}: the same
 * Spark context, its own temporary views and settings), so it leaves the caller's session as it was.
 *
 * <p>This class is immutable; its methods may be called from several threads, as Spark allows.
 */
public final class SparkViews {
    /** A write option: Hadoop's committer writes no {@code _SUCCESS} file (the warehouse writes none). */
    private static final String NO_SUCCESS_FILE = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

    private final SparkSession session;

    private SparkViews(SparkSession session) {
        this.session = session;
    }

    /**
     * @param spark a session; its Spark context is used, its settings and temporary views are not
     *     touched
     * @param path a parquet file or a folder of them, read recursively (files whose names start
     *     with {@code .} or {@code _} are skipped, as Spark does); any URI Spark reads
     * @return the views over the readings found there
     */
    public static SparkViews overParquet(SparkSession spark, String path) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(path, "path");
        SparkSession session = spark.newSession();
        // Instants (parquet hours adjusted to UTC, as other writers may give) are read in UTC, as
        // DuckDB's ingest reads them; dates come back as LocalDate.
        session.conf().set("spark.sql.session.timeZone", "UTC");
        session.conf().set("spark.sql.datetime.java8API.enabled", "true");
        Dataset<Row> raw = session.read()
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.parquet")
                .parquet(path);
        return register(raw);
    }

    /**
     * @param raw the raw readings, from any source: {@code store, sensor_id, hour, status, visits,
     *     anomaly}
     * @return the views over those readings, computed in the readings' session, where the temporary
     *     views {@code raw_readings}, {@code stores} and {@code readings} are registered (replacing any of those names)
     */
    public static SparkViews over(Dataset<Row> raw) {
        return register(Objects.requireNonNull(raw, "raw"));
    }

    private static SparkViews register(Dataset<Row> raw) {
        SparkSession session = raw.sparkSession();
        raw.select("store", "sensor_id", "hour", "status", "visits", "anomaly")
                .createOrReplaceTempView(SparkDialect.RAW);
        SparkDialect.stores(session).createOrReplaceTempView(ViewTexts.STORES);
        session.sql(SparkDialect.READINGS).createOrReplaceTempView(ViewTexts.READINGS);
        return new SparkViews(session);
    }

    /**
     * @param view the view
     * @param policy what a failed reading counts
     * @return every row of the view with {@value ViewQuery#DEFAULT_BASELINE_WEEKS}-week baselines,
     *     unordered, with the columns of {@link ViewTexts#columns}
     */
    public Dataset<Row> view(View view, FailurePolicy policy) {
        return view(view, policy, ViewQuery.DEFAULT_BASELINE_WEEKS);
    }

    /**
     * @param view the view
     * @param policy what a failed reading counts
     * @param baselineWeeks weeks in a baseline, the current one included, 1 or more
     * @return every row of the view, unordered, with the columns of {@link ViewTexts#columns}
     */
    public Dataset<Row> view(View view, FailurePolicy policy, int baselineWeeks) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(policy, "policy");
        Dataset<Row> rows = session.sql(SparkDialect.view(view, baselineWeeks, policy));
        return rows.select(columns(ViewTexts.columns(view)));
    }

    /**
     * Collects a view on the driver, as {@code Warehouse.query} returns it: for small results and
     * tests.
     *
     * @param view the view
     * @param policy what a failed reading counts
     * @return the rows, ordered by store, sensor, date, hour
     */
    public List<ViewRow> rows(View view, FailurePolicy policy) {
        Dataset<Row> rows = view(view, policy).orderBy(columns(ViewTexts.orderBy(view)));
        List<ViewRow> result = new ArrayList<>();
        rows.toLocalIterator().forEachRemaining(row -> result.add(viewRow(view, row)));
        return result;
    }

    /**
     * Writes the four views into a folder in the layout of {@code Warehouse.export}: {@code
     * <directory>/sensor_hourly.parquet/store=<name>/…parquet}, and likewise for {@code
     * sensor_daily}, {@code store_hourly}, {@code store_daily}; each store's rows in one file,
     * ordered by sensor, date and hour. Each view is written into a hidden staging folder, then
     * renamed into place, replacing the previous one (on HDFS and local disks a rename; on object
     * stores a copy, not atomic).
     *
     * @param directory the output folder (any URI Spark writes)
     * @param policy what a failed reading counts
     * @return the rows written per view
     */
    public Map<View, Long> export(String directory, FailurePolicy policy) {
        return export(directory, policy, false);
    }

    /**
     * As {@link #export(String, FailurePolicy)}, and with {@code csv}, each view also as one CSV
     * file, {@code <directory>/sensor_hourly.csv}…, ordered by store, sensor, date and hour, written
     * by one task (as the warehouse writes it).
     *
     * @param directory the output folder
     * @param policy what a failed reading counts
     * @param csv whether to write the CSV files too
     * @return the rows written per view
     */
    public Map<View, Long> export(String directory, FailurePolicy policy, boolean csv) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        Path target = new Path(directory);
        Path staging = new Path(target, ".staging-" + UUID.randomUUID());
        Map<View, Long> counts = new EnumMap<>(View.class);
        try {
            FileSystem checked = target.getFileSystem(session.sparkContext().hadoopConfiguration());
            // On a local disk, Hadoop's checksum layer adds a hidden .crc file beside each file; the
            // warehouse writes none, so the raw file system moves the files and the .crc files go.
            FileSystem fs = checked instanceof LocalFileSystem local ? local.getRaw() : checked;
            try {
                for (View view : View.values()) {
                    // The row count is observed while writing: no second pass over the files.
                    Observation written = new Observation(view.tableName());
                    Dataset<Row> rows =
                            view(view, policy).observe(written, count(lit(1)).as("rows"));
                    Path parquet = new Path(staging, view.tableName() + ".parquet");
                    rows.repartition(col("store"))
                            .sortWithinPartitions(columns(ViewTexts.orderBy(view)))
                            .write()
                            .mode(SaveMode.ErrorIfExists)
                            .option("compression", "snappy")
                            .option(NO_SUCCESS_FILE, "false")
                            .partitionBy("store")
                            .parquet(parquet.toString());
                    counts.put(view, rowCount(written));
                    if (csv) {
                        Path csvFolder = new Path(staging, view.tableName() + ".csv.parts");
                        session.read()
                                .parquet(parquet.toString())
                                .select(columns(ViewTexts.columns(view)))
                                .repartition(1)
                                .sortWithinPartitions(columns(ViewTexts.orderBy(view)))
                                .write()
                                .option("header", "true")
                                .option(NO_SUCCESS_FILE, "false")
                                .csv(csvFolder.toString());
                        singleFile(fs, csvFolder, new Path(staging, view.tableName() + ".csv"));
                    }
                }
                if (fs != checked) {
                    deleteChecksums(fs, staging);
                }
                for (View view : View.values()) {
                    replace(
                            fs,
                            new Path(staging, view.tableName() + ".parquet"),
                            target,
                            view.tableName() + ".parquet");
                    if (csv) {
                        replace(fs, new Path(staging, view.tableName() + ".csv"), target, view.tableName() + ".csv");
                    }
                }
            } finally {
                fs.delete(staging, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the views into " + directory + ": " + e, e);
        }
        return counts;
    }

    /** @return the session the views are computed in (the caller's context, its own settings) */
    public SparkSession session() {
        return session;
    }

    private static long rowCount(Observation observation) {
        try {
            return ((Number) observation.getAsJava().get("rows")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while counting the rows written", e);
        }
    }

    private static void deleteChecksums(FileSystem fs, Path folder) throws IOException {
        for (FileStatus status : fs.listStatus(folder)) {
            if (status.isDirectory()) {
                deleteChecksums(fs, status.getPath());
            } else if (status.getPath().getName().endsWith(".crc")) {
                fs.delete(status.getPath(), false);
            }
        }
    }

    private static void singleFile(FileSystem fs, Path folder, Path file) throws IOException {
        for (FileStatus status : fs.listStatus(folder)) {
            String name = status.getPath().getName();
            if (name.startsWith("part-") && name.endsWith(".csv")) {
                if (!fs.rename(status.getPath(), file)) {
                    throw new IOException("Cannot rename " + status.getPath() + " to " + file);
                }
                fs.delete(folder, true);
                return;
            }
        }
        throw new IOException("Spark wrote no CSV part into " + folder);
    }

    private static void replace(FileSystem fs, Path source, Path directory, String name) throws IOException {
        Path target = new Path(directory, name);
        Path old = new Path(directory, "." + name + ".old-" + UUID.randomUUID());
        boolean hadOld = fs.exists(target);
        if (hadOld && !fs.rename(target, old)) {
            throw new IOException("Cannot move " + target + " aside");
        }
        if (!fs.rename(source, target)) {
            throw new IOException("Cannot rename " + source + " to " + target);
        }
        if (hadOld) {
            fs.delete(old, true);
        }
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(name -> col(name)).toArray(Column[]::new);
    }

    /** A date as Spark gives it: LocalDate with the Java 8 API on, java.sql.Date otherwise. */
    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) value;
    }

    private static ViewRow viewRow(View view, Row row) {
        boolean sensor = view.level() == Level.SENSOR;
        boolean hourly = view.resolution() == Resolution.HOURLY;
        return new ViewRow(
                row.getAs("store"),
                sensor ? row.<Integer>getAs("sensor_id") : null,
                date(row.getAs("date")),
                hourly ? row.<Integer>getAs("hour") : null,
                ViewRow.weekdayOf(row.<Integer>getAs("weekday")),
                row.<Long>getAs("visits"),
                row.<Integer>getAs("readings"),
                row.<Integer>getAs("failed"),
                row.<Double>getAs("baseline"),
                row.<Double>getAs("pct_diff"),
                row.<Boolean>getAs("complete"));
    }
}
