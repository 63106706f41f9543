package org.sensorsandmore.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sensorsandmore.core.csv.CsvReadResult;
import org.sensorsandmore.core.csv.RejectedRow;
import org.sensorsandmore.sql.CsvIngestResult;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sensors process}: readings from CSV (either format) or parquet into a warehouse, then the
 * four views into a folder, with a summary of what was read, rejected and written.
 */
@Command(
        name = "process",
        mixinStandardHelpOptions = true,
        description = "Ingest readings (CSV in either format, or parquet) and write the four views as parquet and CSV.")
final class ProcessCommand implements Callable<Integer>, DatabaseCommand {

    @Option(
            names = "--in",
            required = true,
            paramLabel = "FILE|DIR",
            description = "A .csv or .parquet file, or a folder whose .csv and .parquet files are all read.")
    Path in;

    @Option(
            names = "--failures",
            defaultValue = "exclude",
            paramLabel = "exclude|legacy-zero",
            description = "What a failed reading counts: exclude (default: nothing, and it is counted as failed)"
                    + " or legacy-zero (0, as the original did).")
    String failures;

    @Option(
            names = "--out",
            defaultValue = "out",
            paramLabel = "DIR",
            description = "Where the views go (default: ${DEFAULT-VALUE}); each file or folder is replaced atomically.")
    Path out;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "A DuckDB file to keep the readings in (default: a database in memory, gone at the end).")
    Path db;

    @Option(
            names = "--list-rejected",
            description = "List every rejected row, not only the first " + REJECTED_SHOWN + ".")
    boolean listRejected;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Rejected rows listed by default, after the count for each reason. */
    static final int REJECTED_SHOWN = 10;

    @Override
    public Integer call() {
        FailurePolicy policy = parseFailures(failures);
        List<Path> inputs = inputs(in);
        PrintWriter stdout = spec.commandLine().getOut();
        long read = 0;
        long rejected = 0;
        long received = 0;
        long written = 0;
        try (Warehouse warehouse = db == null ? Warehouse.inMemory() : Warehouse.open(db)) {
            for (Path input : inputs) {
                if (isParquet(input)) {
                    IngestResult result = warehouse.ingestParquet(input);
                    read += result.received();
                    received += result.received();
                    written += result.written();
                    stdout.printf(Locale.ROOT, "%s: %,d readings%n", input, result.received());
                } else {
                    CsvIngestResult result = warehouse.ingestCsv(input);
                    CsvReadResult csv = result.csv();
                    read += csv.rowsRead();
                    rejected += csv.rowsRejected();
                    received += result.ingest().received();
                    written += result.ingest().written();
                    stdout.printf(
                            Locale.ROOT,
                            "%s (%s): %,d rows read, %,d rejected%n",
                            input,
                            csv.format().name().toLowerCase(Locale.ROOT),
                            csv.rowsRead(),
                            csv.rowsRejected());
                    printRejected(stdout, csv);
                }
            }
            ExportResult export = warehouse.export(out, policy);
            stdout.printf(
                    Locale.ROOT,
                    "rows read: %,d; rejected: %,d; readings stored: %,d (%,d new or changed)%n",
                    read,
                    rejected,
                    received,
                    written);
            for (View view : View.values()) {
                stdout.printf(
                        Locale.ROOT,
                        "%-13s %,d rows%n",
                        view.tableName(),
                        export.rows().get(view));
            }
            stdout.printf(Locale.ROOT, "views (%s) written to %s%n", policyName(policy), export.directory());
        }
        stdout.flush();
        return 0;
    }

    /**
     * The rejected rows: how many for each reason, then each row (the first {@value #REJECTED_SHOWN}
     * unless {@code --list-rejected}), so a dirty file does not flood the terminal.
     */
    private void printRejected(PrintWriter stdout, CsvReadResult csv) {
        Map<String, Long> byReason = csv.rejectedRows().stream()
                .collect(Collectors.groupingBy(RejectedRow::reason, TreeMap::new, Collectors.counting()));
        byReason.forEach((reason, count) -> stdout.printf(Locale.ROOT, "  %,6d × %s%n", count, reason));
        List<RejectedRow> rows = csv.rejectedRows();
        int shown = listRejected ? rows.size() : Math.min(rows.size(), REJECTED_SHOWN);
        for (RejectedRow row : rows.subList(0, shown)) {
            stdout.printf(Locale.ROOT, "  rejected line %d: %s%n", row.lineNumber(), row.reason());
        }
        long more = rows.size() - shown + csv.rejectedRowsOmitted();
        if (more > 0) {
            stdout.printf(
                    Locale.ROOT,
                    "  … and %,d more rejected rows%s%n",
                    more,
                    shown < rows.size() ? " (--list-rejected lists them)" : "");
        }
    }

    static FailurePolicy parseFailures(String value) {
        return FailurePolicy.ofOptionName(value)
                .orElseThrow(() ->
                        new IllegalArgumentException("--failures must be exclude or legacy-zero, not '" + value + "'"));
    }

    private static String policyName(FailurePolicy policy) {
        return policy == FailurePolicy.EXCLUDE ? "failures excluded" : "failures as 0";
    }

    private static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    private static boolean isInput(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".csv") || name.endsWith(".parquet"));
    }

    static List<Path> inputs(Path in) {
        if (Files.isRegularFile(in)) {
            return List.of(in);
        }
        if (Files.exists(in) && !Files.isDirectory(in)) {
            throw new IllegalArgumentException("--in: " + in + " is not a regular file or a folder");
        }
        if (!Files.isDirectory(in)) {
            throw new IllegalArgumentException("--in: no such file or folder: " + in);
        }
        try (Stream<Path> files = Files.walk(in)) {
            List<Path> found = files.filter(ProcessCommand::isInput).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--in: no .csv or .parquet file in " + in);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + in, e);
        }
    }
}
