package org.sensorsandmore.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import picocli.CommandLine;

/** {@code sensors spark-process} and {@code sensors process} on the same raw parquet give the same files. */
@Tag("spark")
class SparkProcessTest {
    @TempDir
    static Path dir;

    private static Connection duckdb;

    @BeforeAll
    static void fleet() throws SQLException {
        Fleet.write(dir.resolve("raw"));
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static String parquet(Path out, View view) {
        return "read_parquet('" + out.resolve(view.tableName() + ".parquet")
                + "/**/*.parquet', hive_partitioning = true)";
    }

    private static long count(String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> describe(String relation) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (rs.next()) {
                columns.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return columns;
    }

    /**
     * The partition folders, their names decoded: DuckDB percent-encodes every character but {@code
     * A-Z a-z 0-9 - _ . ~} ({@code store=Store%200001}), Spark only a few ({@code store=Store 0001});
     * both read either back as {@code Store 0001}.
     */
    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isDirectory)
                    .map(path -> URLDecoder.decode(
                            root.relativize(path).toString().replace("+", "%2B"), StandardCharsets.UTF_8))
                    .sorted()
                    .toList();
        }
    }

    private static Map<View, Long> sparkProcess(String... args) {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        Map<View, Long> rows = SparkProcess.run(
                Fleet.spark(),
                SparkProcess.Options.parse(List.of(args)),
                new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertThat(summary.toString(StandardCharsets.UTF_8)).contains("sensor_hourly ", "written to");
        return rows;
    }

    private static void assertSameViews(Path spark, Path duck, Map<View, Long> sparkRows, ExportResult duckRows)
            throws Exception {
        assertThat(sparkRows).isEqualTo(duckRows.rows());
        for (View view : View.values()) {
            String a = parquet(spark, view);
            String b = parquet(duck, view);
            assertThat(describe(a)).as(view.tableName()).isEqualTo(describe(b));
            assertThat(count("SELECT COUNT(*) FROM " + a))
                    .isEqualTo(duckRows.rows().get(view));
            // EXCEPT ALL compares whole rows, nulls equal to nulls, duplicates counted.
            assertThat(count("SELECT COUNT(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")"))
                    .as(view.tableName())
                    .isZero();
            assertThat(count("SELECT COUNT(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")"))
                    .as(view.tableName())
                    .isZero();
            assertThat(listing(spark.resolve(view.tableName() + ".parquet")))
                    .isEqualTo(listing(duck.resolve(view.tableName() + ".parquet")));
            try (Stream<Path> files = Files.walk(spark.resolve(view.tableName() + ".parquet"))) {
                assertThat(files.filter(Files::isRegularFile)
                                .map(file -> file.getFileName().toString()))
                        .as("data files only")
                        .allMatch(name -> name.startsWith("part-") && name.endsWith(".parquet"));
            }
        }
    }

    @Test
    void sparkProcessAndProcessWriteTheSameViewsForBothPolicies() throws Exception {
        Path raw = dir.resolve("raw");
        try (Warehouse warehouse = Fleet.warehouse(raw)) {
            for (FailurePolicy policy : FailurePolicy.values()) {
                String name = policy == FailurePolicy.EXCLUDE ? "exclude" : "legacy-zero";
                Path spark = dir.resolve("spark-" + name);
                Path duck = dir.resolve("duckdb-" + name);

                Map<View, Long> sparkRows =
                        sparkProcess("--in", raw.toString(), "--out", spark.toString(), "--failures", name, "--csv");
                ExportResult duckRows = warehouse.export(duck, policy);

                assertSameViews(spark, duck, sparkRows, duckRows);
                for (View view : View.values()) {
                    String csv = view.tableName() + ".csv";
                    assertThat(count("SELECT COUNT(*) FROM (SELECT * FROM read_csv('" + spark.resolve(csv)
                                    + "') EXCEPT ALL SELECT * FROM read_csv('" + duck.resolve(csv) + "'))"))
                            .as(csv)
                            .isZero();
                    assertThat(Files.readAllLines(spark.resolve(csv)).get(0))
                            .isEqualTo(Files.readAllLines(duck.resolve(csv)).get(0));
                }
                try (Stream<Path> top = Files.list(spark)) {
                    assertThat(top.map(path -> path.getFileName().toString()))
                            .as("nothing left behind")
                            .containsExactlyInAnyOrder(
                                    "sensor_hourly.parquet",
                                    "sensor_daily.parquet",
                                    "store_hourly.parquet",
                                    "store_daily.parquet",
                                    "sensor_hourly.csv",
                                    "sensor_daily.csv",
                                    "store_hourly.csv",
                                    "store_daily.csv");
                }
            }
        }
    }

    @Test
    void aSecondRunReplacesTheViews() throws Exception {
        Path out = dir.resolve("again");
        sparkProcess("--in", dir.resolve("raw/before").toString(), "--out", out.toString());
        Map<View, Long> rows = sparkProcess("--in", dir.resolve("raw").toString(), "--out", out.toString());

        assertThat(count("SELECT COUNT(*) FROM " + parquet(out, View.STORE_DAILY)))
                .isEqualTo(rows.get(View.STORE_DAILY))
                .isEqualTo(50L * (8 * 7 - 1));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> SparkProcess.Options.parse(List.of("--in", "x")))
                .hasMessage("--in and --out are required");
        assertThatThrownBy(() -> SparkProcess.Options.parse(List.of("--in", "x", "--out", "y", "--failures", "zero")))
                .hasMessageContaining("--failures must be exclude or legacy-zero");
        assertThatThrownBy(() -> SparkProcess.Options.parse(List.of("--in", "--out", "y")))
                .hasMessage("--in needs a value");
    }

    @Test
    void aMissingInputIsOneLineBeforeSparkStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = Path.of("target", "no-such-raw-folder");

        int code = SparkProcess.execute(
                List.of("--in", missing.toString(), "--out", "target/never"),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(SparkProcess.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("spark-process: --in: no such file or folder: " + missing + " (see --help)");
    }

    @Test
    void helpNamesEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code =
                SparkProcess.execute(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(SparkProcess.USAGE)
                .contains("--in DIR", "--out DIR", "--master URL", "--failures P", "--csv", "-h, --help", "Exit codes");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isGreaterThan(10);
    }

    /** Runs the command on arguments it refuses: its exit code and what it wrote on standard error. */
    private static void assertRefused(List<String> args, String line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SparkProcess.execute(
                args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(line);
    }

    /** Issue 13, case 18: a missing option is one readable line and exit code 2, before Spark starts. */
    @Test
    void aMissingInIsOneLineAndExitCodeTwo() {
        assertRefused(List.of("--out", "target/never"), "spark-process: --in and --out are required (see --help)");
    }

    @Test
    void aMistypedOptionIsOneLineNamingTheOptionMeant() {
        assertRefused(
                List.of("--in", "x", "--ouput", "y"),
                "spark-process: Unknown options: '--ouput', 'y'; did you mean --out? (see --help)");
    }

    /** Issue 13, case 18: spark-process is a picocli command, its help generated from its options. */
    @Test
    void helpDescribesEveryOptionAndShowsTheDefaults() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine commandLine = SparkProcess.commandLine(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        assertThat(commandLine.execute("-h")).isZero();

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(commandLine.getCommandSpec().options()).allSatisfy(option -> {
            assertThat(String.join(" ", option.description()))
                    .as(option.longestName())
                    .isNotBlank();
            assertThat(help)
                    .contains(option.longestName() + (option.arity().max() > 0 ? " " + option.paramLabel() : ""));
        });
        assertThat(help)
                .contains("Default: exclude", "default: spark-submit's, else local[*]", "default: off")
                .contains("Exit codes:", "  2   bad arguments");
    }
}
