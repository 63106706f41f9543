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
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvWriter;
import org.sensorsandmore.core.model.ReadingGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sensors generate}: simulated readings of a window as CSV, to a file or standard output. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Simulate the readings of a window as CSV (hour by hour, store by store, sensor by sensor).")
final class GenerateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            defaultValue = "footfall",
            description = "classic or footfall (default: ${DEFAULT-VALUE}).")
    ModelChoice model;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the footfall model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--from",
            required = true,
            converter = HourArgument.class,
            paramLabel = "DATE[THH]",
            description = "First hour, included.")
    LocalDateTime from;

    @Option(
            names = "--to",
            required = true,
            converter = HourArgument.class,
            paramLabel = "DATE[THH]",
            description = "End hour, excluded.")
    LocalDateTime to;

    @Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(
            names = "--format",
            defaultValue = "csv",
            description = "csv (store,sensor_id,hour,visits,status,anomaly) or original-csv"
                    + " (date,hour,shop,sensor_id,count,units). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--out",
            defaultValue = "-",
            paramLabel = "FILE",
            description = "Output file, written atomically; - for standard output (default).")
    String out;

    @Option(names = "--threads", description = "Generator threads (default: the number of cores).")
    Integer threads;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    /** Not System.out: a PrintStream swallows a closed pipe, and generation would go on unseen. */
    Supplier<OutputStream> standardOutput = () -> new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + to + " must be after --from " + from);
        }
        ReadingCsvFormat csvFormat = parseFormat(format);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 256) {
            throw new IllegalArgumentException("--threads must be 1 to 256, not " + threadCount);
        }
        StoreNetwork network = networkOptions.network();
        HourWindow window = HourWindow.of(from, to);
        ReadingGenerator generator =
                ReadingGenerator.of(model.create(seed), network).withThreads(threadCount);
        boolean showProgress = progress != null ? progress : Progress.terminalAttached();
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

    private static ReadingSink counting(ReadingSink sink, Progress bar) {
        return sink.andThen(batch -> bar.advance(batch.size()));
    }

    static ReadingCsvFormat parseFormat(String value) {
        return switch (value) {
            case "csv" -> ReadingCsvFormat.LIBRARY;
            case "original-csv" -> ReadingCsvFormat.ORIGINAL;
            default -> throw new IllegalArgumentException("--format must be csv or original-csv, not '" + value + "'");
        };
    }
}
