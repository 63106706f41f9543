package org.sensorsandmore.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The {@code sensors} command line run in the test's JVM, as {@link SensorsCli#main} configures it,
 * with what it prints on standard output and standard error kept for the assertions. Each run is a
 * fresh command line, so no option carries over from the one before.
 */
final class Cli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * @param args the command line after {@code sensors}
     * @return a fresh command line for them, as {@link SensorsCli#main} builds it, printing into
     *     this one's output and errors
     */
    CommandLine commandLine(String... args) {
        CommandLine commandLine = SensorsCli.forArgs(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    /**
     * @param name a subcommand's name
     * @param setUp what to set on the subcommand before it runs (a clock, a test's hooks)
     * @return a fresh command line with every command, whose subcommand {@code name} is set up so
     */
    <T> CommandLine commandLine(String name, Consumer<T> setUp) {
        CommandLine commandLine = commandLine();
        setUp.accept(commandLine.getSubcommands().get(name).<T>getCommand());
        return commandLine;
    }

    /**
     * @param args the command line after {@code sensors}
     * @return the exit code
     */
    int run(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * A command line as it is typed, its values put in where they are not literal: {@code
     * words("download 2024-07-01 --api {} --out {}", api, out)}. A value takes a word of its own, so
     * a path with a space stays one argument.
     *
     * @param line the arguments, separated by single spaces, each {@code {}} standing for a value
     * @param values the values, in the order of the {@code {}} they stand for
     * @return the arguments
     */
    static String[] words(String line, Object... values) {
        List<String> words = new ArrayList<>();
        int next = 0;
        for (String word : line.split(" ")) {
            if (!word.equals("{}")) {
                words.add(word);
            } else if (next < values.length) {
                words.add(String.valueOf(values[next++]));
            } else {
                throw new IllegalArgumentException("More {} than the " + values.length + " values in: " + line);
            }
        }
        if (next < values.length) {
            throw new IllegalArgumentException("Fewer {} than the " + values.length + " values in: " + line);
        }
        return words.toArray(String[]::new);
    }

    /**
     * @return the dashboard command, with no Ctrl-C hook (the test stops it)
     */
    CommandLine dashboard() {
        return commandLine("dashboard", (DashboardCommand dashboard) -> dashboard.handleCtrlC = false);
    }

    /**
     * @return the demo command, with no Ctrl-C hook (the test stops it)
     */
    CommandLine demo() {
        return commandLine("demo", (DemoCommand demo) -> demo.handleCtrlC = false);
    }

    /**
     * @return all printed on standard output so far
     */
    String out() {
        return out.toString();
    }

    /** Forgets what was printed on standard error, for a test that runs several cases. */
    void clearErr() {
        err.getBuffer().setLength(0);
    }

    /**
     * @return all printed on standard error so far
     */
    String err() {
        return err.toString();
    }
}
