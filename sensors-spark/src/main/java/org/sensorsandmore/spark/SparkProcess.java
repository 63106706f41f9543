package org.sensorsandmore.spark;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;

/**
 * {@code sensors spark-process}: raw readings in parquet to the four views, on Spark. The same
 * class runs under {@code spark-submit} on a cluster (see the README).
 *
 * <pre>
 * spark-process --in DIR --out DIR [--master URL] [--failures exclude|legacy-zero] [--csv]
 * </pre>
 *
 * <p>Without {@code --master} the master is the one {@code spark-submit} gives, or {@code local[*]}
 * when run directly. A local master is bound to 127.0.0.1, with the web UI off and few shuffle
 * partitions; a cluster's settings are left to {@code spark-submit}.
 */
public final class SparkProcess {
    /** Exit code for a bad argument. */
    static final int EXIT_USAGE = 2;

    /** Shuffle partitions on a local master: a few per core is plenty on one machine. */
    static final int LOCAL_SHUFFLE_PARTITIONS = 8;

    static final String USAGE =
            "usage: spark-process --in DIR --out DIR [--master URL]" + " [--failures exclude|legacy-zero] [--csv]";

    private SparkProcess() {}

    /** The parsed command line. */
    record Options(String in, String out, String master, FailurePolicy policy, boolean csv) {
        static Options parse(List<String> args) {
            Deque<String> queue = new ArrayDeque<>(args);
            String in = null;
            String out = null;
            String master = null;
            FailurePolicy policy = FailurePolicy.EXCLUDE;
            boolean csv = false;
            while (!queue.isEmpty()) {
                String arg = queue.poll();
                switch (arg) {
                    case "--in" -> in = value(arg, queue);
                    case "--out" -> out = value(arg, queue);
                    case "--master" -> master = value(arg, queue);
                    case "--failures" -> policy = policy(value(arg, queue));
                    case "--csv" -> csv = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (in == null || out == null) {
                throw new IllegalArgumentException("--in and --out are required");
            }
            return new Options(in, out, master, policy, csv);
        }

        private static String value(String option, Deque<String> queue) {
            String value = queue.poll();
            if (value == null || value.startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static FailurePolicy policy(String value) {
            return switch (value) {
                case "exclude" -> FailurePolicy.EXCLUDE;
                case "legacy-zero" -> FailurePolicy.LEGACY_ZERO;
                default ->
                    throw new IllegalArgumentException(
                            "--failures must be exclude or legacy-zero, not '" + value + "'");
            };
        }
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("spark-process: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        SparkSession spark = session(options.master());
        try {
            run(spark, options, System.out);
        } finally {
            spark.stop();
        }
    }

    /**
     * @param master the master asked for, or null
     * @return a session: for a local master, bound to the loopback, without the web UI
     */
    static SparkSession session(String master) {
        SparkConf conf = new SparkConf().setAppName("sensors spark-process");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", Integer.toString(LOCAL_SHUFFLE_PARTITIONS));
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * Computes and writes the views, printing a summary like {@code sensors process}.
     *
     * @param spark the session
     * @param options what to do
     * @param out where the summary goes
     * @return the rows written per view
     */
    static Map<View, Long> run(SparkSession spark, Options options, PrintStream out) {
        long started = System.nanoTime();
        Map<View, Long> rows =
                SparkViews.overParquet(spark, options.in()).export(options.out(), options.policy(), options.csv());
        for (View view : View.values()) {
            out.printf(Locale.ROOT, "%-13s %,d rows%n", view.tableName(), rows.get(view));
        }
        out.printf(
                Locale.ROOT,
                "views (%s) written to %s by Spark %s on %s in %.1f s%n",
                options.policy() == FailurePolicy.EXCLUDE ? "failures excluded" : "failures as 0",
                options.out(),
                spark.version(),
                spark.sparkContext().master(),
                (System.nanoTime() - started) / 1e9);
        return rows;
    }
}
