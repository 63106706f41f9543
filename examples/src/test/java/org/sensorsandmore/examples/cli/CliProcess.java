package org.sensorsandmore.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sensorsandmore.core.io.AtomicOutput;

/** The {@code sensors} command line in a JVM of its own, for tests that signal or kill it. */
final class CliProcess {
    /**
     * The children's temporary folder. DuckDB's driver unpacks its 71 MB native library into the
     * temporary folder at every start and deletes it at exit, which a child killed with SIGKILL
     * never reaches: its copy is deleted with this folder when the test JVM exits.
     */
    private static final Path CHILDREN_TMP = childrenTmp();

    private CliProcess() {}

    private static Path childrenTmp() {
        try {
            Path folder = Files.createTempDirectory("sensors-children");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicOutput.deleteTree(folder)));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param jvmOptions options for the child JVM beyond the common ones
     * @param arguments the command line after {@code sensors}
     * @return the command that runs it, with this test run's class path
     */
    static List<String> command(List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", // as the jar's Add-Opens: ingest through Arrow
                "-Duser.timezone=UTC",
                "-Djava.io.tmpdir=" + CHILDREN_TMP));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SensorsCli.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * @param db the warehouse file
     * @param options the pipeline's options after {@code --db}
     * @return the command that runs {@code sensors pipeline --simulate --db DB} with those options
     */
    static List<String> simulatedPipeline(Path db, String... options) {
        return simulatedPipeline(List.of(), db, options);
    }

    /**
     * @param jvmOptions options for the child JVM beyond the common ones
     * @param db the warehouse file
     * @param options the pipeline's options after {@code --db}
     * @return the command that runs {@code sensors pipeline --simulate --db DB} with those options
     */
    static List<String> simulatedPipeline(List<String> jvmOptions, Path db, String... options) {
        List<String> arguments = new ArrayList<>(List.of("pipeline", "--simulate", "--db", db.toString()));
        arguments.addAll(List.of(options));
        return command(jvmOptions, arguments.toArray(String[]::new));
    }

    /**
     * Reads what a child prints until it closes its output, and sends it SIGTERM (which runs the
     * shutdown hooks, as Ctrl-C's SIGINT does) at the first line that {@code signalAt} accepts.
     *
     * @param child a child started with its standard error redirected to its output
     * @param signalAt the line after which to signal it
     * @return everything it printed
     * @throws IOException when its output cannot be read
     */
    static String outputSignalledAt(Process child, Predicate<String> signalAt) throws IOException {
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            boolean signalled = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (!signalled && signalAt.test(line)) {
                    // The handle's destroy keeps the output open to read, where Process.destroy closes it.
                    child.toHandle().destroy();
                    signalled = true;
                }
            }
        }
        return output.toString();
    }
}
