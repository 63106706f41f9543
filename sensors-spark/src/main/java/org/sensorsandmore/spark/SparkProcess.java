package org.sensorsandmore.spark;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Exit code for a run that failed. */
    static final int EXIT_FAILURE = 1;

    static final String USAGE =
            "usage: spark-process --in DIR --out DIR [--master URL]" + " [--failures exclude|legacy-zero] [--csv]";

    static final String HELP = USAGE + """

            The four views of `sensors process`, computed by Apache Spark from raw readings in parquet.

              --in DIR        Raw readings: a parquet file, or a folder read recursively (as `generate
                              --format parquet` and Warehouse.exportReadings write them); any URI Spark reads.
              --out DIR       Where the views go: NAME.parquet/store=<name>/ folders, each replacing the
                              previous one once written.
              --master URL    The Spark master (default: spark-submit's, else local[*], bound to 127.0.0.1).
              --failures P    exclude (default: a failed reading counts in no sum) or legacy-zero (it
                              counts as 0, as the original did).
              --csv           Also write each view as one CSV file (off by default: one file of a large
                              fleet is the opposite of scale-out).
              -h, --help      Show this help.

            Exit codes: 0 done, 1 the run failed (one line on standard error), 2 bad arguments.
            """;

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

        /**
         * Refuses a local {@code --in} that is not there before Spark starts: Spark would fail later,
         * with a stack trace of its own. A URI of another file system (hdfs://, s3a://) is Spark's to
         * check.
         */
        void checkInput() {
            if (in.contains("://") && !in.startsWith("file:")) {
                return;
            }
            Path path = in.startsWith("file:") ? Path.of(URI.create(in)) : Path.of(in);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--in: no such file or folder: " + in);
            }
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
        int code = execute(List.of(args), System.out, System.err);
        if (code != 0) {
            System.exit(code); // not on success: under spark-submit, the driver ends as it likes
        }
    }

    /**
     * Runs the command: help, bad arguments and failures each end in one line, never a stack trace
     * (unless {@code SENSORS_DEBUG} is set).
     *
     * @param args the command line
     * @param out where the help and the summary go
     * @param err where errors go
     * @return the exit code
     */
    static int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
            options.checkInput();
        } catch (IllegalArgumentException e) {
            err.println("spark-process: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        SparkSession spark = session(options.master());
        try {
            run(spark, options, out);
            return 0;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            err.println("spark-process: " + (message.isBlank() ? e.getClass().getSimpleName() : message));
            if (System.getenv("SENSORS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILURE;
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
