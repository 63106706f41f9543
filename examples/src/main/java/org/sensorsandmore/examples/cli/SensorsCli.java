package org.sensorsandmore.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sensorsandmore.core.UnknownStoreException;
import org.sensorsandmore.core.text.Messages;
import org.sensorsandmore.examples.cli.options.HourArgument;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sensors} command: {@code sensors <command> [options]}. */
@Command(
        name = "sensors",
        mixinStandardHelpOptions = true,
        versionProvider = SensorsCli.Version.class,
        description = "Retail footfall data: simulate, serve, fetch, store and aggregate, show.",
        footer = {
            "",
            "spark-process: the views of `process` computed by Apache Spark. The ./sensors launcher runs it"
                    + " in a JVM of its own, so Spark stays out of this jar: ./sensors spark-process --help"
        })
public final class SensorsCli implements Runnable {
    /**
     * The commands, by name, in the order help lists them. Not in the annotation: picocli reads
     * every annotated command's options by reflection before it parses (0.4 s for these, most of a
     * quick command's start), so a command line that names one is given that one alone.
     */
    private static final Map<String, Class<?>> COMMANDS = byName(
            GenerateCommand.class,
            ProcessCommand.class,
            ServeApiCommand.class,
            DownloadCommand.class,
            PipelineCommand.class,
            DashboardCommand.class,
            DemoCommand.class,
            AlertsCommand.class,
            CommandLine.HelpCommand.class);

    /** Whether {@link #preloadDuckDb} started. */
    private static final AtomicBoolean DUCKDB_PRELOADING = new AtomicBoolean();

    /** Exit code for a bad argument or input the user can fix. */
    static final int EXIT_USAGE = 2;

    /** Exit code when standard output was closed by its reader, as a shell reports SIGPIPE. */
    static final int EXIT_BROKEN_PIPE = 141;

    /** Exit code for any other failure. */
    static final int EXIT_FAILURE = 1;

    /**
     * The size of the buffers the JDK's HTTP client reads a response into: 16 KB unless this
     * property says otherwise, read once, when the client's classes load. The bulk readings come in
     * 100 MB answers, each buffer passed from the connection's thread to the reading one; with 128
     * KB buffers a first catch-up's chunks took 12.8-14.5 s against 18.9-20.4 s (BENCHMARKS.md). Set
     * by the command, not the library: it applies to every client in the JVM.
     */
    private static final String HTTP_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The artifacts' version, as Maven wrote it into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = SensorsCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"sensors-and-more " + properties.getProperty("version", "(version unknown)")};
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command without exiting, for tests.
     *
     * @param args the command line
     * @return the exit code
     */
    static int execute(String... args) {
        if (System.getProperty(HTTP_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_BUFFER_PROPERTY, Integer.toString(1 << 17));
        }
        return forArgs(args).execute(args);
    }

    /**
     * @param args the command line
     * @return the configured command line that runs it: the command it names alone, or, when it
     *     names none (no command, an unknown one, an option of the root's) or asks for help, which
     *     may name any, every command
     */
    static CommandLine forArgs(String... args) {
        Class<?> named = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (named == null || named == CommandLine.HelpCommand.class) {
            return configure(commandLine());
        }
        if (DatabaseCommand.class.isAssignableFrom(named)) {
            preloadDuckDb();
        }
        CommandLine commandLine = new CommandLine(new SensorsCli());
        commandLine.addSubcommand(named);
        return configure(commandLine);
    }

    /**
     * @return the root command with every command, as help lists them (for the reference page)
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SensorsCli());
        COMMANDS.values().forEach(commandLine::addSubcommand);
        return commandLine;
    }

    /**
     * Loads DuckDB's driver and native library on a thread of its own, once per JVM: the library
     * (tens of megabytes, linked as it loads) took 0.16-0.22 s of a cold JVM's start, and picocli's
     * reading of a command's options about as long, which now run side by side on two cores. The
     * thread is a daemon, so a command that fails early exits without waiting for it; what fails
     * here, the command meets again when it opens its database, and reports.
     */
    private static void preloadDuckDb() {
        if (!DUCKDB_PRELOADING.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
                        // Loaded; the in-memory database closes at once.
                    } catch (SQLException | RuntimeException | LinkageError e) {
                        // Met and reported by the command when it opens its own database.
                    }
                },
                "duckdb-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static Map<String, Class<?>> byName(Class<?>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> command : commands) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Sets the converters and error handlers on a command line and the commands it has (add
     * commands first: picocli hands these to the commands a command line has when they are set).
     *
     * @param commandLine the root command line
     * @return the command line
     */
    static CommandLine configure(CommandLine commandLine) {
        // picocli's own converters name Java types in their messages ("is not an int", "cannot
        // convert '2024-13-01' to class java.time.LocalDate (java.time.format.DateTimeParseException…")
        commandLine.registerConverter(LocalDate.class, SensorsCli::date);
        commandLine.registerConverter(LocalDateTime.class, new HourArgument());
        commandLine.registerConverter(
                Integer.class, value -> (int) wholeNumber(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        commandLine.registerConverter(
                int.class, value -> (int) wholeNumber(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        commandLine.registerConverter(Long.class, value -> wholeNumber(value, Long.MIN_VALUE, Long.MAX_VALUE));
        commandLine.registerConverter(long.class, value -> wholeNumber(value, Long.MIN_VALUE, Long.MAX_VALUE));
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            String message = exception.getMessage();
            if (exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                // picocli ranks them by likeness: the first is the one meant, the others noise.
                String suggestion = "did you mean " + unmatched.getSuggestions().get(0) + "?";
                boolean command = !unmatched.getCommandLine().getSubcommands().isEmpty()
                        && !unmatched.getUnmatched().isEmpty();
                message = command
                        ? "'" + unmatched.getUnmatched().get(0) + "' is not a command; " + suggestion
                        : message + "; " + suggestion;
            }
            err.println(exception.getCommandLine().getCommandName() + ": " + message + " (see --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            if (isBrokenPipe(exception)) {
                return EXIT_BROKEN_PIPE; // the reader went away (`| head`): stop quietly, as Unix tools do
            }
            PrintWriter err = cl.getErr();
            boolean usage = exception instanceof IllegalArgumentException || exception instanceof UnknownStoreException;
            err.println(cl.getCommandName() + ": " + Messages.oneLine(exception));
            if (System.getenv("SENSORS_DEBUG") != null) {
                exception.printStackTrace(err);
            }
            return usage ? EXIT_USAGE : EXIT_FAILURE;
        });
        return commandLine;
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date such as 2024-07-01");
        }
    }

    private static long wholeNumber(String value, long min, long max) {
        BigInteger number;
        try {
            number = new BigInteger(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CommandLine.TypeConversionException(
                    String.format(Locale.ROOT, "'%s' is out of range (%,d to %,d)", value, min, max));
        }
        return number.longValueExact();
    }

    private static boolean isBrokenPipe(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }
}
