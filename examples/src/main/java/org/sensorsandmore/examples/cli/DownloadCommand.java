package org.sensorsandmore.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvWriter;
import org.sensorsandmore.examples.cli.options.FetchOptions;
import org.sensorsandmore.examples.cli.options.ProgressOption;
import org.sensorsandmore.examples.cli.options.ReadingLimit;
import org.sensorsandmore.examples.cli.terminal.Progress;
import org.sensorsandmore.http.client.FetchConfig;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.http.client.LegacyHttpTrafficClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sensors download}: what the original's {@code download_data_from_client.py} did, from this
 * project's bulk API (or the original's per-hour route), with retries, and written all or nothing.
 */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        description = {
            "Download readings from a client API into a CSV file, written atomically (no file on failure).",
            "Without FROM_DATE: the last complete hour. With it: every hour from FROM_DATE 00:00 up to --to."
        })
final class DownloadCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FROM_DATE", description = "First day (YYYY-MM-DD).")
    LocalDate fromDate;

    @Option(
            names = "--to",
            paramLabel = "DATE[THH]",
            description = "End hour, excluded (default: the start of the current hour at the server, in every"
                    + " store's zone).")
    LocalDateTime to;

    @Option(
            names = "--api",
            defaultValue = "http://127.0.0.1:8000",
            paramLabel = "URL",
            description = "The API's address (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(
            names = "--legacy",
            description = "Use the original's per-hour route (one request per sensor and hour), e.g. against the"
                    + " original Python server; the stores are the original five.")
    boolean legacy;

    @Option(
            names = "--format",
            defaultValue = "original-csv",
            description = "original-csv (date,hour,shop,sensor_id,count,units) or csv"
                    + " (store,sensor_id,hour,visits,status,anomaly). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--out",
            defaultValue = "data/latest_dat.csv",
            paramLabel = "FILE",
            description = "Output file, replaced atomically; its folder is created (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--retries",
            defaultValue = "4",
            description = "Retries of a failed request, with exponential back-off (default: ${DEFAULT-VALUE}).")
    int retries;

    @Mixin
    ProgressOption progress;

    @Mixin
    FetchOptions fetchOptions;

    @Mixin
    ReadingLimit limit;

    @Spec
    CommandSpec spec;

    /** The clock "now" comes from when --to is not given and the server has no /health; tests pin it. */
    Clock clock = Clock.systemDefaultZone();

    /** Tests shorten the back-off. */
    FetchConfig.Builder fetchConfig = FetchConfig.builder();

    @Override
    public Integer call() {
        ReadingCsvFormat csvFormat = GenerateCommand.parseFormat(format, "");
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("--retries must be 0 to 100, not " + retries);
        }
        if (to != null) {
            window(to); // a bad --to is told before the server is asked anything
        }
        URI base = parseApi(api);
        FetchConfig config =
                fetchOptions.applyTo(fetchConfig).maxAttempts(retries + 1).build();
        Path target = out.toAbsolutePath();
        boolean showProgress = progress.shown();
        PrintStream err = System.err;
        long started = System.nanoTime();
        long rows;
        HourWindow window;
        try (TrafficClient client = legacy
                ? LegacyHttpTrafficClient.create(base, StoreNetwork.original(), config)
                : HttpTrafficClient.create(base, config)) {
            StoreNetwork network = client.network();
            window = fromFirstOpening(window(to != null ? to : sourceNow(base, network)), network);
            long total = window.hours() * network.sensorCount();
            limit.check(
                    "The window " + window + " of " + network.sensorCount() + " sensors",
                    total,
                    csvFormat == ReadingCsvFormat.ORIGINAL ? ReadingLimit.ORIGINAL_CSV_BYTES : ReadingLimit.CSV_BYTES,
                    target);
            createFolder(target.getParent());
            try (Progress bar = new Progress(err, showProgress, total, "readings")) {
                rows = ReadingCsvWriter.writeAtomically(
                        target,
                        csvFormat,
                        sink -> client.readings(window, sink.andThen(batch -> bar.advance(batch.size()))));
            }
        }
        spec.commandLine()
                .getErr()
                .printf(
                        Locale.ROOT,
                        "Wrote %,d readings of %s to %s in %.2f s%n",
                        rows,
                        window,
                        out,
                        (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** The window up to {@code end}: from FROM_DATE, or the hour before {@code end}. */
    private HourWindow window(LocalDateTime end) {
        LocalDateTime start = fromDate != null ? fromDate.atStartOfDay() : end.minusHours(1);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("--to " + end + " must be after the first hour " + start);
        }
        return HourWindow.of(start, end);
    }

    /**
     * The start of the current hour at the server, as the pipeline reads it: its {@code /health}'s
     * now in each store's zone, the earliest of them (a later one would be refused as the future in
     * the stores behind it). A server without one (the original's) is read by this machine's wall
     * clock, as the original's own script did.
     */
    private LocalDateTime sourceNow(URI base, StoreNetwork network) {
        return SourceNow.of(base)
                .map(now -> network.stores().stream()
                        .map(store -> now.localTo(store).truncatedTo(ChronoUnit.HOURS))
                        .min(Comparator.naturalOrder())
                        .orElseThrow())
                .orElseGet(() -> LocalDateTime.now(clock).truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * The window from the first store's opening, as {@code pipeline --window} cuts it: the hours
     * before are nothing but NOT_OPEN rows of every sensor.
     */
    private static HourWindow fromFirstOpening(HourWindow asked, StoreNetwork network) {
        LocalDateTime firstOpening = network.stores().stream()
                .map(store -> store.opened().truncatedTo(ChronoUnit.HOURS))
                .min(Comparator.naturalOrder())
                .orElse(asked.from());
        if (!asked.to().isAfter(firstOpening)) {
            throw new IllegalArgumentException(
                    "No store is open in " + asked + ": the first opened at " + firstOpening);
        }
        return asked.from().isBefore(firstOpening) ? HourWindow.of(firstOpening, asked.to()) : asked;
    }

    private static URI parseApi(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--api must be an http:// address, not '" + text + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--api is not an address: '" + text + "'", e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
