package org.sensorsandmore.http.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.UnknownStoreException;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvWriter;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.http.ErrorResponseException;
import org.sensorsandmore.http.ReadingBinaryFormat;

/**
 * {@code GET /v1/readings?from=&to=[&store=…][&sensor=][&format=csv|ndjson|binary]}: the readings
 * of a window, validated here and streamed by the handler in constant memory. {@code binary} is
 * {@link ReadingBinaryFormat}, what this library's client asks for.
 */
final class ReadingsRoute {
    /** The forms an answer can take, each named in {@code format=} by its name in lower case. */
    enum Format {
        CSV("text/csv; charset=utf-8", 36),
        NDJSON("application/x-ndjson; charset=utf-8", 100),
        BINARY(ReadingBinaryFormat.MEDIA_TYPE, ReadingBinaryFormat.RECORD_BYTES);

        private final String contentType;
        private final int rowBytes;

        Format(String contentType, int rowBytes) {
            this.contentType = contentType;
            this.rowBytes = rowBytes;
        }

        /** @return the value of {@code format=} that asks for this form */
        String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the content type of an answer in this form */
        String contentType() {
            return contentType;
        }

        /** @return about the bytes of a row in this form: where the fault injection cuts a stream */
        int rowBytes() {
            return rowBytes;
        }
    }

    /** A parsed, valid request. */
    record Plan(HourWindow window, StoreNetwork stores, int sensor, Format format) {
        long rows() {
            long perHour = sensor >= 0 ? stores.stores().size() : stores.sensorCount();
            return window.hours() * perHour;
        }
    }

    /** Every query parameter the route reads. */
    static final List<String> PARAMETERS = List.of("from", "to", "store", "sensor", "format");

    private final ApiServerConfig config;

    ReadingsRoute(ApiServerConfig config) {
        this.config = config;
    }

    Plan plan(QueryParameters query) throws ErrorResponseException {
        LocalDateTime from = hourParameter(query, "from");
        LocalDateTime to = hourParameter(query, "to");
        if (to.isBefore(from)) {
            throw new ErrorResponseException(
                    400, "invalid_window", "'to' (" + to + ") is before 'from' (" + from + ")");
        }
        HourWindow window = HourWindow.of(from, to);
        if (window.hours() > config.maxWindowHours()) {
            throw new ErrorResponseException(
                    400,
                    "window_too_long",
                    "The window " + window + " holds " + window.hours() + " hours; the limit is "
                            + config.maxWindowHours() + " hours per request: ask for shorter windows");
        }
        StoreNetwork stores;
        try {
            stores = config.network().only(query.all("store"));
        } catch (UnknownStoreException e) {
            throw new ErrorResponseException(404, "unknown_store", e.getMessage());
        }
        for (Store store : stores.stores()) {
            LocalDateTime end = config.now(store).truncatedTo(ChronoUnit.HOURS).plusHours(1);
            if (to.isAfter(end)) {
                throw new ErrorResponseException(
                        400,
                        "future_window",
                        "The window " + window + " ends after the current hour of store " + store.name() + " (now "
                                + config.now(store) + "): use a date in the past");
            }
        }
        int sensor = -1;
        String sensorText = query.single("sensor");
        if (sensorText != null) {
            if (stores.stores().size() != 1) {
                throw new ErrorResponseException(400, "invalid_parameter", "'sensor' needs exactly one 'store'");
            }
            Long id = LegacyRoute.parseInteger(sensorText);
            int count = stores.stores().get(0).sensorCount();
            if (id == null || id < 0 || id >= count) {
                throw new ErrorResponseException(
                        404,
                        "unknown_sensor",
                        "Store " + stores.stores().get(0).name() + " has sensors 0 to " + (count - 1) + ", not "
                                + Json.string(LegacyRoute.abbreviate(sensorText)));
            }
            sensor = (int) (long) id;
        }
        String formatText = query.single("format");
        Format format = formatText == null ? Format.CSV : null;
        for (Format form : Format.values()) {
            if (form.parameter().equals(formatText)) {
                format = form;
            }
        }
        if (format == null) {
            throw new ErrorResponseException(
                    400,
                    "invalid_parameter",
                    "'format' must be csv, ndjson or binary, not " + Json.string(LegacyRoute.abbreviate(formatText)));
        }
        if (format == Format.BINARY && stores.stores().size() > ReadingBinaryFormat.MAX_STORES) {
            throw new ErrorResponseException(
                    400,
                    "invalid_parameter",
                    "format=binary names at most " + ReadingBinaryFormat.MAX_STORES + " stores, not "
                            + stores.stores().size() + ": ask for fewer stores, or for csv");
        }
        return new Plan(window, stores, sensor, format);
    }

    private static LocalDateTime hourParameter(QueryParameters query, String name) throws ErrorResponseException {
        String text = query.single(name);
        if (text == null) {
            throw new ErrorResponseException(
                    422, "invalid_parameter", "Query parameter '" + name + "' is missing (an hour: 2024-07-01T09:00)");
        }
        try {
            LocalDateTime hour = text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay()
                    : LocalDateTime.parse(text.length() == 13 ? text + ":00" : text);
            return Hours.requireWholeHour(hour, "'" + name + "'");
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ErrorResponseException(
                    400,
                    "invalid_parameter",
                    "Query parameter '" + name + "' must be a whole hour such as 2024-07-01T09:00 or a date, not "
                            + Json.string(LegacyRoute.abbreviate(text)));
        }
    }

    /**
     * Streams every reading of the plan to the stream, in UTF-8. Leaves the stream open.
     *
     * @throws IOException what the stream throws (a closed connection, an injected cut)
     */
    void stream(Plan plan, OutputStream out) throws IOException {
        ReadingGenerator generator = ReadingGenerator.of(config.model(), plan.stores());
        try {
            switch (plan.format()) {
                case NDJSON -> {
                    Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    NdjsonSink sink = new NdjsonSink(text);
                    generator.generate(plan.window(), filter(plan, sink));
                    sink.flush(); // flushes the text into the stream
                }
                case BINARY -> {
                    ReadingBinaryFormat.Writer binary =
                            ReadingBinaryFormat.writer(out, plan.stores().names());
                    generator.generate(plan.window(), filter(plan, binary));
                    binary.flush();
                }
                case CSV -> {
                    // Not closed here: closing the response's stream is the caller's (it ends the chunks).
                    @SuppressWarnings("resource")
                    ReadingCsvWriter csv = ReadingCsvWriter.ofStream(out, ReadingCsvFormat.LIBRARY);
                    generator.generate(plan.window(), filter(plan, csv));
                    csv.flush();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ReadingSink filter(Plan plan, ReadingSink sink) {
        if (plan.sensor() < 0) {
            return sink;
        }
        ReadingBatch kept = ReadingBatch.create(plan.stores().names(), 1024);
        return batch -> {
            kept.clear();
            for (int i = 0; i < batch.size(); i++) {
                if (batch.sensorId(i) == plan.sensor()) {
                    kept.add(
                            batch.storeIndex(i),
                            batch.sensorId(i),
                            batch.epochHour(i),
                            batch.status(i),
                            batch.visits(i),
                            batch.anomaly(i));
                }
            }
            sink.accept(kept);
        };
    }

    /** One JSON object per line: {@code {"store":…,"sensor_id":…,"hour":…,"visits":…,"status":…,"anomaly":…}}. */
    private static final class NdjsonSink implements ReadingSink {
        private final Writer out;
        private final StringBuilder block = new StringBuilder(1 << 16);

        NdjsonSink(Writer out) {
            this.out = out;
        }

        @Override
        public void accept(ReadingBatch batch) {
            List<String> names = batch.storeNames();
            String[] quoted = names.stream().map(Json::string).toArray(String[]::new);
            for (int i = 0; i < batch.size(); i++) {
                block.append("{\"store\":").append(quoted[batch.storeIndex(i)]);
                block.append(",\"sensor_id\":").append(batch.sensorId(i));
                block.append(",\"hour\":\"").append(batch.hour(i)).append('"');
                block.append(",\"visits\":");
                if (batch.isOk(i)) {
                    block.append(batch.visits(i));
                } else {
                    block.append("null");
                }
                block.append(",\"status\":\"").append(batch.status(i)).append('"');
                block.append(",\"anomaly\":").append(batch.anomaly(i)).append("}\n");
                if (block.length() >= 1 << 16) {
                    flushBlock();
                }
            }
            flushBlock();
        }

        private void flushBlock() {
            try {
                out.append(block);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                block.setLength(0);
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
