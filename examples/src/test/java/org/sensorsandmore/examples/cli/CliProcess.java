package org.sensorsandmore.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code sensors} command line in a JVM of its own, for tests that signal or kill it. */
final class CliProcess {
    private CliProcess() {}

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
                "-Duser.timezone=UTC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SensorsCli.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }
}
