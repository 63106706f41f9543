package org.sensorsandmore.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code spark-process} section of {@code docs/sensors-spark.md} is written by hand (the
 * generated CLI reference of {@code examples} cannot load Spark); this holds it to the command's
 * annotations: its synopsis, one row per option with its declared default, its exit codes. Starts
 * no Spark.
 */
class SparkProcessReferenceTest {
    private static String page() throws IOException {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        return Files.readString(module.resolveSibling("docs").resolve("sensors-spark.md"), StandardCharsets.UTF_8);
    }

    private static CommandLine command() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return SparkProcess.commandLine(nowhere, nowhere);
    }

    @Test
    void sparkProcessSectionListsEveryOptionWithItsDefault() throws IOException {
        String page = page();
        assertThat(page).contains("## spark-process").contains("```text\n" + SparkProcess.USAGE + "\n```");
        List<String> rows = page.lines().filter(line -> line.startsWith("| `-")).toList();
        for (OptionSpec option : command().getCommandSpec().options()) {
            String label = option.typeInfo().isBoolean() ? "" : " " + option.paramLabel();
            String first = "| "
                    + String.join(
                            ", ",
                            option.names().length > 1
                                    ? List.of(option.names()).stream()
                                            .map(n -> "`" + n + "`")
                                            .toList()
                                    : List.of("`" + option.longestName() + label + "`"));
            assertThat(rows)
                    .as("a row of docs/sensors-spark.md for %s", option.longestName())
                    .anySatisfy(row -> {
                        assertThat(row).startsWith(first + " |");
                        if (option.defaultValue() != null) {
                            assertThat(row).contains("| `" + option.defaultValue() + "` |");
                        }
                    });
        }
    }

    @Test
    void sparkProcessSectionListsItsExitCodes() throws IOException {
        String page = page();
        Map<String, String> codes = command().getCommandSpec().usageMessage().exitCodeList();
        assertThat(codes).isNotEmpty();
        codes.forEach(
                (code, meaning) -> assertThat(page).contains("| " + code.strip() + " | " + meaning.strip() + " |"));
    }
}
