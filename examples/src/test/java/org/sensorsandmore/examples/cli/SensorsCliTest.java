package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.sql.Warehouse;
import picocli.CommandLine;

class SensorsCliTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String err) {}

    private static Outcome run(String... args) {
        Cli cli = new Cli();
        return new Outcome(cli.run(args), cli.err());
    }

    @Test
    void badValuesAreOneReadableLineWithoutJavaNames() throws Exception {
        HttpServer html = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        html.createContext("/", exchange -> {
            byte[] page =
                    "<!DOCTYPE html>\n<html><body>Welcome to nginx!</body></html>\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        html.start();
        String out = dir.resolve("x.csv").toString();
        List<String> lines = new ArrayList<>();
        try {
            for (String[] args : List.of(
                    new String[] {"download", "2024-13-01", "--out", out},
                    new String[] {"download", "2024-07-01", "--format", "parquet", "--out", out},
                    new String[] {"download", "2024-07-01", "--retries", "99999999999", "--out", out},
                    new String[] {"generate", "--from", "2024-07-01", "--to", "2024-07-02", "--seed", "x"},
                    new String[] {"process", "--in", "/dev/zero"},
                    new String[] {
                        "download",
                        "2024-07-01",
                        "--to",
                        "2024-07-01T01",
                        "--retries",
                        "0",
                        "--out",
                        out,
                        "--api",
                        "http://127.0.0.1:" + html.getAddress().getPort()
                    })) {
                Outcome outcome = run(args);
                assertThat(outcome.code()).as(String.join(" ", args)).isNotZero();
                assertThat(outcome.err().lines()).as(outcome.err()).hasSize(1);
                lines.add(outcome.err().strip());
            }
        } finally {
            html.stop(0);
        }

        assertThat(lines)
                .containsExactly(
                        "download: Invalid value for positional parameter at index 0 (FROM_DATE): '2024-13-01' is not a"
                                + " date such as 2024-07-01 (see --help)",
                        "download: --format must be csv or original-csv, not 'parquet'",
                        "download: Invalid value for option '--retries': '99999999999' is out of range"
                                + " (-2,147,483,648 to 2,147,483,647) (see --help)",
                        "generate: Invalid value for option '--seed': 'x' is not a whole number (see --help)",
                        "process: --in: /dev/zero is not a regular file or a folder",
                        "download: The server's answer to /v1/stores is not a JSON list of stores (it starts with"
                                + " '<!DOCTYPE html>'): is the address that of a sensors API?")
                .noneMatch(line -> line.contains("java.") || line.contains("Exception"));
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Outcome outcome = run("generat", "--from", "2024-07-01");

        assertThat(outcome.code()).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(outcome.err().lines())
                .containsExactly("sensors: 'generat' is not a command; did you mean generate? (see --help)");
        assertThat(run("generate", "--from", "2024-07-01", "--to", "2024-07-02", "--progres")
                        .err())
                .isEqualToIgnoringNewLines(
                        "generate: Unknown option: '--progres'; did you mean --progress? (see --help)");
    }

    @Test
    void versionIsTheArtifactsVersion() throws Exception {
        // The module's pom names its parent's version: the one every artifact carries.
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(parent.find()).isTrue();
        Cli cli = new Cli();

        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out().strip()).isEqualTo("sensors-and-more " + parent.group(1));
    }

    /** A command line that names a command is given that one alone; help and typos see them all. */
    @Test
    void aNamedCommandIsBuiltAloneAndHelpStillNamesAny() {
        assertThat(SensorsCli.forArgs("pipeline", "--once").getSubcommands()).containsOnlyKeys("pipeline");
        assertThat(SensorsCli.forArgs().getSubcommands()).hasSize(9);

        Cli help = new Cli();
        assertThat(help.run("help", "alerts")).isZero();
        assertThat(help.out()).startsWith("Usage: sensors alerts");
        Outcome typo = run("pipelin", "--once");
        assertThat(typo.code()).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(typo.err()).isEqualTo("sensors: 'pipelin' is not a command; did you mean pipeline? (see --help)\n");
        Outcome option = run("pipeline", "--bogus");
        assertThat(option.code()).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(option.err()).startsWith("pipeline: Unknown option: '--bogus'");
    }

    /** Issue 14: an option several commands take is declared once, so it reads the same in each. */
    @Test
    void anOptionSharedByCommandsReadsTheSameInEach() {
        CommandLine sensors = SensorsCli.commandLine();
        for (String name : List.of("--model", "--seed", "--allowed-host", "--at-minute", "--progress")) {
            List<String> descriptions = sensors.getSubcommands().values().stream()
                    .map(command -> command.getCommandSpec().findOption(name))
                    .filter(option -> option != null)
                    .map(option -> String.join(" ", option.description()) + " " + option.defaultValue())
                    .toList();
            assertThat(descriptions).as(name).hasSizeGreaterThan(1);
            assertThat(descriptions).as(name).containsOnly(descriptions.get(0));
        }
        for (String command : List.of("pipeline", "demo")) {
            assertThat(sensors.getSubcommands()
                            .get(command)
                            .getCommandSpec()
                            .findOption("--db")
                            .defaultValueString())
                    .as(command)
                    .isEqualTo(Warehouse.DEFAULT_FILE.toString());
        }
    }
}
