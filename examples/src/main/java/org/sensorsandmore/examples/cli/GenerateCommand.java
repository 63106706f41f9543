package org.sensorsandmore.examples.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvWriter;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.examples.cli.options.ModelOptions;
import org.sensorsandmore.examples.cli.options.NetworkOptions;
import org.sensorsandmore.examples.cli.options.ProgressOption;
import org.sensorsandmore.examples.cli.options.ReadingLimit;
import org.sensorsandmore.examples.cli.terminal.Progress;
import org.sensorsandmore.sql.parquet.RawDatasetResult;
import org.sensorsandmore.sql.parquet.RawParquetDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sensors generate}: simulated readings of a window as CSV, to a file or standard output. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Simulate the readings of a window as CSV (hour by hour, store by store, sensor by sensor),"
                + " or as a parquet dataset (one folder per month, files written in parallel).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--from", required = true, paramLabel = "DATE[THH]", description = "First hour, included.")
    LocalDateTime from;

    @Option(names = "--to", required = true, paramLabel = "DATE[THH]", description = "End hour, excluded.")
    LocalDateTime to;

    @Mixin
    NetworkOptions networkOptions;

    @Mixin
    ReadingLimit limit;

    @Option(
            names = "--format",
            defaultValue = "csv",
            description =
                    "csv (store,sensor_id,hour,visits,status,anomaly), original-csv"
                            + " (date,hour,shop,sensor_id,count,units) or parquet (a folder: DIR/month=YYYY-MM/part-NNNNN.parquet,"
                            + " columns store,sensor_id,hour,status,visits,anomaly; needs --out DIR). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--out",
            defaultValue = "-",
            paramLabel = "FILE|DIR",
            description = "Output file, written atomically; - for standard output (default). With --format parquet,"
                    + " the dataset's folder: each month folder written replaces the one of the same name.")
    String out;

    @Option(names = "--threads", description = "Generator threads (default: the number of cores).")
    Integer threads;

    @Mixin
    ProgressOption progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Not System.out: a PrintStream swallows a closed pipe, and generation would go on unseen. */
    Supplier<OutputStream> standardOutput = () -> new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + to + " must be after --from " + from);
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 256) {
            throw new IllegalArgumentException("--threads must be 1 to 256, not " + threadCount);
        }
        StoreNetwork network = networkOptions.network();
        HourWindow window = HourWindow.of(from, to);
        boolean parquet = "parquet".equals(format);
        ReadingCsvFormat csvFormat = parquet ? null : parseFormat(format, " or parquet");
        limit.check(
                "The window " + window + " of " + network.sensorCount() + " sensors",
                window.hours() * network.sensorCount(),
                parquet
                        ? ReadingLimit.PARQUET_BYTES
                        : csvFormat == ReadingCsvFormat.ORIGINAL
                                ? ReadingLimit.ORIGINAL_CSV_BYTES
                                : ReadingLimit.CSV_BYTES,
                "-".equals(out) ? null : Path.of(out));
        ReadingGenerator generator =
                ReadingGenerator.of(modelOptions.create(), network).withThreads(threadCount);
        boolean showProgress = progress.shown();
        if (parquet) {
            return parquet(generator, window, threadCount);
        }
        PrintStream err = System.err;
        try (Progress bar = new Progress(err, showProgress, window.hours() * network.sensorCount(), "readings")) {
            if ("-".equals(out)) {
                BufferedWriter stdout = new BufferedWriter(
                        new OutputStreamWriter(standardOutput.get(), StandardCharsets.UTF_8), 1 << 16);
                try (ReadingCsvWriter writer = ReadingCsvWriter.of(stdout, csvFormat)) {
                    generator.generate(window, counting(writer, bar));
                }
            } else {
                ReadingCsvWriter.writeAtomically(
                        Path.of(out), csvFormat, sink -> generator.generate(window, counting(sink, bar)));
            }
        }
        return 0;
    }

    private int parquet(ReadingGenerator generator, HourWindow window, int threadCount) {
        if ("-".equals(out)) {
            throw new IllegalArgumentException("--format parquet writes a folder: give it with --out DIR");
        }
        long started = System.nanoTime();
        RawDatasetResult result =
                RawParquetDataset.of(generator).withThreads(threadCount).write(window, Path.of(out));
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine()
                .getErr()
                .printf(
                        Locale.ROOT,
                        "%,d readings in %d files under %s (%.1f s, %.2f M readings/s)%n",
                        result.readings(),
                        result.files(),
                        result.directory(),
                        seconds,
                        result.readings() / seconds / 1e6);
        return 0;
    }

    private static ReadingSink counting(ReadingSink sink, Progress bar) {
        return sink.andThen(batch -> bar.advance(batch.size()));
    }

    /**
     * @param value the {@code --format} given
     * @param others the formats the command takes besides the two CSVs, for the message ("" or " or
     *     parquet")
     * @return the CSV layout
     */
    static ReadingCsvFormat parseFormat(String value, String others) {
        return switch (value) {
            case "csv" -> ReadingCsvFormat.LIBRARY;
            case "original-csv" -> ReadingCsvFormat.ORIGINAL;
            default ->
                throw new IllegalArgumentException("--format must be csv" + (others.isEmpty() ? " or " : ", ")
                        + "original-csv" + others + ", not '" + value + "'");
        };
    }
}
