package org.sensorsandmore.spark;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code sensors spark-process}: raw readings in parquet to the four views, on Spark. The same
 * class runs under {@code spark-submit} on a cluster (see docs/sensors-spark.md).
 *
 * <pre>
 * spark-process --in DIR --out DIR [--master URL] [--failures exclude|legacy-zero] [--csv]
 * </pre>
 *
 * <p>A picocli command, as the {@code sensors} commands are: {@code --help} lists every option; a
 * bad argument, or a local {@code --in} that is not there, is one line on standard error and exit
 * code 2 before Spark starts; a failed run is one line and exit code 1 (its stack trace too when
 * {@code SENSORS_DEBUG} is set).
 *
 * <p>Without {@code --master} the master is the one {@code spark-submit} gives, or {@code local[*]}
 * when run directly. A local master is bound to 127.0.0.1, with the web UI off and few shuffle
 * partitions; a cluster's settings are left to {@code spark-submit}.
 */
@Command(
        name = "spark-process",
        // `--in DIR`, as spark-submit's own options are written (and as this command always took them).
        separator = " ",
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = SparkProcess.USAGE,
        descriptionHeading = "%n",
        description = "The four views of `sensors process`, computed by Apache Spark from raw readings in parquet.",
        optionListHeading = "%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the run failed (one line on standard error)",
            "2:bad arguments (one line on standard error)"
        })
public final class SparkProcess implements Callable<Integer> {
    /** Exit code for a bad argument. */
    static final int EXIT_USAGE = 2;

    /** Shuffle partitions on a local master: a few per core is plenty on one machine. */
    static final int LOCAL_SHUFFLE_PARTITIONS = 8;

    /** Exit code for a run that failed. */
    static final int EXIT_FAILURE = 1;

    /** The synopsis: the first line of {@code --help}. */
    static final String USAGE = "Usage: spark-process --in DIR --out DIR [--master URL] [--failures P] [--csv]";

    private static final String NAME = "spark-process";

    @Option(
            names = "--in",
            paramLabel = "DIR",
            description = "Raw readings: a parquet file, or a folder read recursively (as `generate --format parquet`"
                    + " and Warehouse.exportReadings write them); any URI Spark reads. Required.")
    String in;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the views go: NAME.parquet/store=<name>/ folders, each replacing the previous one"
                    + " once written. Required.")
    String out;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "The Spark master (default: spark-submit's, else local[*], bound to 127.0.0.1).")
    String master;

    @Option(
            names = "--failures",
            paramLabel = "P",
            defaultValue = "exclude",
            description = "exclude (a failed reading counts in no sum) or legacy-zero (it counts as 0, as the"
                    + " original did). Default: ${DEFAULT-VALUE}.")
    String failures;

    @Option(
            names = "--csv",
            description = "Also write each view as one CSV file (default: off, since one file of a large fleet is"
                    + " the opposite of scale-out).")
    boolean csv;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    /** Where the summary goes. */
    private final PrintStream summary;

    private SparkProcess(PrintStream summary) {
        this.summary = summary;
    }

    /** The parsed command line. */
    record Options(String in, String out, String master, FailurePolicy policy, boolean csv) {
        /**
         * @param args the command line
         * @return the options it gives
         * @throws IllegalArgumentException with the one-line reason, for a bad or missing argument
         */
        static Options parse(List<String> args) {
            SparkProcess command = new SparkProcess(System.out);
            try {
                new CommandLine(command).parseArgs(args.toArray(String[]::new));
                return command.options();
            } catch (ParameterException e) {
                throw new IllegalArgumentException(reason(e), e);
            }
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
    }

    /** The options given, checked: what picocli cannot say in this command's words. */
    private Options options() {
        if (in == null || out == null) {
            throw new ParameterException(spec.commandLine(), "--in and --out are required");
        }
        FailurePolicy policy = FailurePolicy.ofOptionName(failures)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "--failures must be exclude or legacy-zero, not '" + failures + "'"));
        return new Options(in, out, master, policy, csv);
    }

    /**
     * A bad argument in one line: picocli's words, but "--in needs a value" for an option without its
     * value, and the option meant for a mistyped one.
     */
    private static String reason(ParameterException e) {
        if (e instanceof MissingParameterException missing
                && missing.getMissing().size() == 1
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            return e.getMessage() + "; did you mean "
                    + unmatched.getSuggestions().get(0) + "?";
        }
        return e.getMessage();
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
        return commandLine(out, err).execute(args.toArray(String[]::new));
    }

    /**
     * @param out where the help and the summary go
     * @param err where errors go
     * @return the command, with its one-line errors
     */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new SparkProcess(out))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, given) -> {
            err.println(NAME + ": " + reason(e) + " (see --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, given, parsed) -> {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            err.println(NAME + ": " + (message.isBlank() ? e.getClass().getSimpleName() : message));
            if (System.getenv("SENSORS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        Options options = options();
        try {
            options.checkInput();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SparkSession spark = session(options.master());
        try {
            run(spark, options, summary);
            return 0;
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
