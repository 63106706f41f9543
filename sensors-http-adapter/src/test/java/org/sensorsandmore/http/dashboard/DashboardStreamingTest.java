package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * Large view answers on a real server on 127.0.0.1: streamed while their rows are read, bounded in
 * number, and aborted rather than truncated when they fail half way.
 */
class DashboardStreamingTest {
    /** A year of hourly rows of a 60-sensor store: about 26 MB of CSV, half of it past what is kept whole. */
    private static final int SENSORS = 60;

    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 366;
    private static final long ROWS = (long) SENSORS * DAYS * 24;
    private static final String CSV = "/api/view.csv?view=sensor_hourly&store=Big";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardServer server;

    /** Rows made on the fly: halts half way until released, or fails there, when told to. */
    private static final class ManyRows implements DashboardData {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean halt;
        volatile boolean fail;

        @Override
        public List<StoreCoverage> coverage() {
            List<Integer> sensors = new ArrayList<>();
            for (int sensor = 0; sensor < SENSORS; sensor++) {
                sensors.add(sensor);
            }
            LocalDateTime last = FIRST.plusDays(DAYS).atStartOfDay().minusHours(1);
            return List.of(new StoreCoverage("Big", sensors, FIRST.atStartOfDay(), last, ROWS, 0));
        }

        /** Every row of the view within the query's dates; the other filters are not used here. */
        @Override
        public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
            boolean sensorLevel = query.view().level() == Level.SENSOR;
            boolean hourly = query.view().resolution() == Resolution.HOURLY;
            LocalDate from = query.fromDate().orElse(FIRST);
            LocalDate to = query.toDate().orElse(FIRST.plusDays(DAYS));
            long rows = (sensorLevel ? SENSORS : 1) * from.datesUntil(to).count() * (hourly ? 24 : 1);
            long emitted = 0;
            for (int sensor = 0; sensor < (sensorLevel ? SENSORS : 1); sensor++) {
                for (LocalDate date = from; date.isBefore(to); date = date.plusDays(1)) {
                    for (int hour = 0; hour < (hourly ? 24 : 1); hour++) {
                        if (emitted++ == rows / 2 && (halt || fail)) {
                            if (fail) {
                                throw new IllegalStateException("the database went away");
                            }
                            await(release);
                        }
                        sink.accept(new ViewRow(
                                "Big",
                                sensorLevel ? sensor : null,
                                date,
                                hourly ? hour : null,
                                date.getDayOfWeek(),
                                (long) hour,
                                1,
                                0,
                                10.0,
                                5.0,
                                true));
                    }
                }
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI start(ManyRows data) {
        server = DashboardServer.builder(data)
                .port(0)
                .responseCacheTtl(Duration.ZERO)
                .start();
        return server.uri();
    }

    /** @return the answer to a request of a new server over {@link ManyRows} */
    private HttpResponse<String> getFromManyRows(String target) {
        return new Http(start(new ManyRows())).get(target);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static CompletableFuture<HttpResponse<InputStream>> ask(URI base, String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static long lines(InputStream body) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long lines = 0;
            while (reader.readLine() != null) {
                lines++;
            }
            return lines;
        }
    }

    @Test
    void aLargeAnswerIsSentWhileItsRowsAreStillRead() throws Exception {
        ManyRows data = new ManyRows();
        data.halt = true;
        URI base = start(data);
        CompletableFuture<HttpResponse<InputStream>> answer = ask(base, CSV);
        // Built whole, the answer could not start before the query, halted half way, ends.
        HttpResponse<InputStream> response = answer.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"sensor_hourly.csv\"");
        data.release.countDown();
        assertThat(lines(response.body())).isEqualTo(1 + ROWS);
    }

    @Test
    void aLargeJsonAnswerIsStreamedAndStillCountsItsRows() {
        // 60 days of 60 sensors' hours: about 15 MB of JSON.
        HttpResponse<String> response =
                getFromManyRows("/api/view?view=sensor_hourly&store=Big&from=2024-01-01&to=2024-03-01");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        Map<String, Object> json = Http.json(response.body());
        long rows = SENSORS * 60L * 24;
        assertThat(json).containsEntry("view", "sensor_hourly").containsEntry("count", rows);
        assertThat(Http.list(json, "rows")).hasSize((int) rows);
    }

    @Test
    void aSmallAnswerIsStillSentWithItsLength() {
        HttpResponse<String> response =
                getFromManyRows("/api/view.csv?view=store_daily&store=Big&from=2024-03-01&to=2024-03-08");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void moreViewAnswersThanTheLimitAreTurnedAwayWhileThePageStillAnswers() throws Exception {
        ManyRows data = new ManyRows();
        data.halt = true;
        URI base = start(data);
        List<CompletableFuture<HttpResponse<InputStream>>> held = new ArrayList<>();
        for (int i = 0; i < DashboardHandler.MAX_VIEW_ANSWERS; i++) {
            held.add(ask(base, CSV));
        }
        for (CompletableFuture<HttpResponse<InputStream>> answer : held) {
            assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        Http http = new Http(base);
        HttpResponse<String> busy = http.get(CSV);
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Http.json(busy.body())).containsEntry("error", "busy");
        assertThat(http.get("/api/stores").statusCode()).isEqualTo(200);
        assertThat(http.get("/").statusCode()).isEqualTo(200);

        data.release.countDown();
        for (CompletableFuture<HttpResponse<InputStream>> answer : held) {
            assertThat(lines(answer.get().body())).isEqualTo(1 + ROWS);
        }
        assertThat(http.get(CSV).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailureAfterTheAnswerStartedAbortsItInsteadOfEndingItEarly() throws Exception {
        ManyRows data = new ManyRows();
        data.fail = true;
        URI base = start(data);
        HttpResponse<InputStream> response = ask(base, CSV).get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        // A complete-looking CSV of half the rows would be the worst answer: the read fails instead.
        assertThatThrownBy(() -> lines(response.body())).isInstanceOf(IOException.class);
        assertThat(new Http(base).get("/api/stores").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailureBeforeAnyByteWasSentIsAnErrorAnswer() {
        ManyRows data = new ManyRows();
        data.fail = true;
        URI base = start(data);
        // Store-daily rows of half the sensors fit in what is kept whole: nothing was sent yet.
        HttpResponse<String> response = new Http(base).get("/api/view.csv?view=store_daily&store=Big");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Http.json(response.body())).containsEntry("error", "server_error");
    }
}
