package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sensorsandmore.http.dashboard.FixtureData.HOSTILE;
import static org.sensorsandmore.http.dashboard.FixtureData.LILLE;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/** The endpoints on a real server on 127.0.0.1, over hand-made rows ({@link FixtureData}). */
class DashboardServerTest {
    private static final FixtureData DATA = new FixtureData();
    private static DashboardServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = DashboardServer.builder(DATA).port(0).maxRows(3_000).start();
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPort() {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive().isNotEqualTo(DashboardServer.DEFAULT_PORT);
        assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void servesThePageAndItsAssetsFromTheJar() {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy"))
                .get()
                .asString()
                .contains("default-src 'self'");
        assertThat(page.body())
                .contains("assets/echarts.min.js", "assets/dashboard.js")
                .doesNotContain("http");

        HttpResponse<String> echarts = http.get("/assets/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body().length()).isGreaterThan(500_000);
        assertThat(echarts.body()).contains("echarts");
        assertThat(http.get("/assets/dashboard.js").body()).contains("textContent");
        assertThat(http.get("/assets/dashboard.css").headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void storesComeFromTheCoverage() {
        Map<String, Object> json = Http.json(http.get("/api/stores").body());
        List<Map<String, Object>> stores = Http.list(json, "stores");
        assertThat(stores).extracting(s -> s.get("store")).containsExactly(HOSTILE, LILLE);
        assertThat(stores.get(1).get("sensors")).isEqualTo(List.of(0L, 1L, 2L, 3L));
        assertThat(stores.get(1).get("first_hour")).isEqualTo("2024-06-03T00:00");
        assertThat(stores.get(1).get("last_hour")).isEqualTo("2024-06-30T23:00");
        assertThat(stores.get(1).get("failed")).isEqualTo(5L);
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void everyViewAnswersItsRowsAsJson(View view) {
        String url = "/api/view?view=" + view.tableName() + "&store=Lille&from=2024-06-10&to=2024-06-17";
        HttpResponse<String> response = http.get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        Map<String, Object> json = Http.json(response.body());
        List<ViewRow> expected = DATA.rows(ViewQuery.of(view)
                .withStores(Set.of(LILLE))
                .withDates(LocalDate.of(2024, 6, 10), LocalDate.of(2024, 6, 17)));
        assertThat(json.get("view")).isEqualTo(view.tableName());
        assertThat(json.get("count")).isEqualTo((long) expected.size());
        assertThat(Http.list(json, "rows")).hasSize(expected.size());
        int perDay = view.resolution() == org.sensorsandmore.sql.views.Resolution.HOURLY ? 24 : 1;
        int sensors = view.level() == org.sensorsandmore.sql.views.Level.SENSOR ? 4 : 1;
        assertThat(expected).hasSize(7 * perDay * sensors);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(Http.list(json, "rows").get(i)).isEqualTo(asJson(expected.get(i)));
        }
    }

    /** A row as the JSON parser gives it back: longs, doubles rounded to hundredths, nulls kept. */
    static Map<String, Object> asJson(ViewRow row) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("store", row.store());
        map.put("sensor_id", row.sensorId() == null ? null : (long) row.sensorId());
        map.put("date", row.date().toString());
        map.put("hour", row.hour() == null ? null : (long) row.hour());
        map.put("weekday", (long) ViewRow.weekdayNumber(row.weekday()));
        map.put("visits", row.visits());
        map.put("readings", (long) row.readings());
        map.put("failed", (long) row.failed());
        map.put("baseline", number(Cells.hundredths(row.baseline())));
        map.put("pct_diff", number(Cells.hundredths(row.pctDiff())));
        map.put("complete", row.complete());
        return map;
    }

    private static Number number(String text) {
        if (text == null) {
            return null;
        }
        return text.contains(".") ? (Number) Double.parseDouble(text) : (Number) Long.parseLong(text);
    }

    @Test
    void filtersNarrowTheRows() {
        String url = "/api/view?view=sensor_hourly&store=Lille&sensor=1,3&from=2024-06-03&to=2024-07-01"
                + "&hours=8-20&weekdays=0,5&failures=legacy_zero";
        List<Map<String, Object>> rows = Http.list(Http.json(http.get(url).body()), "rows");
        ViewQuery query = ViewQuery.of(View.SENSOR_HOURLY)
                .withStores(Set.of(LILLE))
                .withSensors(Set.of(1, 3))
                .withDates(FixtureData.FIRST, FixtureData.END)
                .withHours(8, 20)
                .withWeekdays(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY))
                .withFailurePolicy(FailurePolicy.LEGACY_ZERO);
        assertThat(rows).hasSize(2 * 8 * 13); // two sensors, eight days, 13 hours
        assertThat(rows).extracting(r -> r.get("sensor_id")).containsOnly(1L, 3L);
        assertThat(rows).extracting(r -> r.get("weekday")).containsOnly(0L, 5L);
        assertThat(rows).extracting(r -> (Long) r.get("hour")).allMatch(h -> h >= 8 && h <= 20);
        assertThat(rows.get(0)).isEqualTo(asJson(DATA.rows(query).get(0)));
    }

    @Test
    void aFailedHourHasNoVisitsUnlessTheLegacyPolicyCountsItAsZero() {
        String url = "/api/view?view=sensor_hourly&store=Lille&sensor=2&from=2024-06-10&to=2024-06-11&hours=10-10";
        Map<String, Object> excluded =
                Http.list(Http.json(http.get(url).body()), "rows").get(0);
        assertThat(excluded.get("visits")).isNull();
        assertThat(excluded.get("failed")).isEqualTo(1L);
        assertThat(excluded.get("pct_diff")).isNull();
        Map<String, Object> legacy = Http.list(
                        Http.json(http.get(url + "&failures=legacy_zero").body()), "rows")
                .get(0);
        assertThat(legacy.get("visits")).isEqualTo(0L);
    }

    @Test
    void csvHoldsTheSameRowsAsJson() {
        String query = "?view=store_daily&store=Lille&from=2024-06-03&to=2024-07-01&weekdays=0,1,2,3,4,5";
        HttpResponse<String> csv = http.get("/api/view.csv" + query);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"store_daily.csv\"");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Render.VIEW_HEADER);
        List<Map<String, Object>> rows =
                Http.list(Http.json(http.get("/api/view" + query).body()), "rows");
        assertThat(lines).hasSize(rows.size() + 1).hasSize(25);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String expected = String.join(
                    ",",
                    "Lille",
                    "",
                    (String) row.get("date"),
                    "",
                    String.valueOf(row.get("weekday")), // 0 = Monday, as in the JSON
                    String.valueOf(row.get("visits")),
                    String.valueOf(row.get("readings")),
                    String.valueOf(row.get("failed")),
                    text(row.get("baseline")),
                    text(row.get("pct_diff")),
                    String.valueOf(row.get("complete")));
            assertThat(lines.get(i + 1)).isEqualTo(expected);
        }
    }

    private static String text(Object number) {
        if (number == null) {
            return "";
        }
        return number instanceof Double d ? Cells.hundredths(d) : number.toString();
    }

    @Test
    void csvCellsThatLookLikeFormulasAreText() {
        String csv = http.get(
                        "/api/view.csv?view=store_daily&store=" + encode(HOSTILE) + "&from=2024-06-03&to=2024-06-04")
                .body();
        String line = csv.lines().toList().get(1);
        // quoted because of the comma and quotes, and prefixed so no spreadsheet runs it
        assertThat(line).startsWith("\"'=HYPERLINK(\"\"http://evil\"\"),<script>alert(1)</script>\",,2024-06-03,");
    }

    @Test
    void negativePercentagesStayNumbersInCsv() {
        StringBuilder out = new StringBuilder();
        Cells.csvNumber(out, Cells.hundredths(-12.346));
        assertThat(out).hasToString("-12.35");
        StringBuilder text = new StringBuilder();
        Cells.csvText(text, "-12");
        assertThat(text).hasToString("'-12");
    }

    @Test
    void hostileStoreNamesAreEscapedInJson() {
        String body = http.get("/api/view?store=" + encode(HOSTILE) + "&from=2024-06-03&to=2024-06-04")
                .body();
        assertThat(body).doesNotContain("<script>").contains("\\u003cscript\\u003e");
        assertThat(Http.list(Http.json(body), "rows").get(0).get("store")).isEqualTo(HOSTILE);
        assertThat(http.get("/api/stores").body()).doesNotContain("<script>");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "view=store_weekly",
                "view=store_daily&view=store_hourly",
                "from=2024-06-10",
                "from=2024-06-10&to=2024-06-10",
                "from=2024-13-01&to=2024-14-01",
                "from=yesterday&to=today",
                "hours=8",
                "hours=20-8",
                "hours=0-24",
                "hours=-1-5",
                "hours=%2B1-5",
                "weekdays=",
                "weekdays=7",
                "weekdays=mon",
                "sensor=-1",
                "sensor=abc",
                "sensor=1;DROP%20TABLE%20readings",
                "failures=ignore",
                "store=",
                "colour=red",
                "store=Lille%27%20OR%201=1--",
            })
    void badParametersGetA4xxWithAMessage(String query) {
        HttpResponse<String> response = http.get("/api/view?" + query);
        assertThat(response.statusCode()).as(query).isBetween(400, 499);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        Map<String, Object> json = Http.json(response.body());
        assertThat(json).containsOnlyKeys("error", "message");
        assertThat((String) json.get("message")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        assertThat(http.get("/api/view.csv?" + query).statusCode()).isEqualTo(response.statusCode());
    }

    @Test
    void anUnknownStoreIsNotFound() {
        assertAnswersError("/api/view?store=Atlantis", 404, "unknown_store");
    }

    @Test
    void aMessageNamesTheParameterAndTheValue() {
        Map<String, Object> json = Http.json(http.get("/api/view?hours=20-8").body());
        assertThat(json).containsEntry("error", "bad_request");
        assertThat((String) json.get("message")).contains("'hours'", "20-8");
    }

    @Test
    void tooManyRowsAsksToNarrowTheFilter() {
        assertAnswersError("/api/view?view=sensor_hourly", 413, "too_many_rows");
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() {
        assertAnswersError("/api/nothing", 404, "not_found");
        assertThat(http.get("/assets/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/%2e%2e/dashboard.js").statusCode()).isBetween(400, 404);
        HttpResponse<String> post = http.send("POST", "/api/view");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void aMalformedRequestGetsJsonFromJettyToo() throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write("GET /api/view?store=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).startsWith("{\"error\":");
            assertThat(answer).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void headAnswersWithoutABody() {
        HttpResponse<String> head = http.send("HEAD", "/api/stores");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void healthGivesFailureRatesFlagsAndOutages() {
        HttpResponse<String> response = http.get("/api/health?store=Lille&from=2024-06-03&to=2024-07-01&threshold=0.5");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> json = Http.json(response.body());
        assertThat(json.get("threshold_pct")).isEqualTo(0.5);
        List<Map<String, Object>> sensors = Http.list(json, "sensors");
        assertThat(sensors).extracting(s -> s.get("sensor_id")).containsExactly(0L, 1L, 2L, 3L);
        Map<String, Object> broken = sensors.get(2);
        assertThat(broken.get("readings")).isEqualTo(28L * 24);
        assertThat(broken.get("failed")).isEqualTo(5L);
        assertThat(broken.get("failure_pct")).isEqualTo(Double.parseDouble(Cells.hundredths(500.0 / (28 * 24))));
        assertThat(broken.get("flagged")).isEqualTo(true);
        assertThat(broken.get("outages")).isEqualTo(2L);
        assertThat(broken.get("longest_outage_hours")).isEqualTo(4L);
        assertThat(sensors.get(0).get("flagged")).isEqualTo(false);
        assertThat(Http.list(json, "outages"))
                .containsExactly(
                        lilleSensor2Outage("2024-06-10T10:00", "2024-06-10T14:00", 4L),
                        lilleSensor2Outage("2024-06-12T15:00", "2024-06-12T16:00", 1L));
    }

    @Test
    void theDefaultThresholdFlagsNothingHere() {
        Map<String, Object> json = Http.json(http.get("/api/health?store=Lille").body());
        assertThat(json.get("threshold_pct")).isEqualTo(5L);
        assertThat(Http.list(json, "sensors")).extracting(s -> s.get("flagged")).containsOnly(false);
    }

    @Test
    void filteredHoursSplitNoOutageTheyHide() {
        // 10:00-11:59 shown only: the outage is the part the user sees
        Map<String, Object> json =
                Http.json(http.get("/api/health?store=Lille&hours=10-11").body());
        assertThat(Http.list(json, "outages")).singleElement().satisfies(o -> {
            assertThat(o.get("from")).isEqualTo("2024-06-10T10:00");
            assertThat(o.get("hours")).isEqualTo(2L);
        });
    }

    @Test
    void healthCsvListsSensorsOrOutages() {
        List<String> sensors = http.get("/api/health.csv?store=Lille&threshold=0.5")
                .body()
                .lines()
                .toList();
        assertThat(sensors).hasSize(5);
        assertThat(sensors.get(0)).isEqualTo(Render.SENSORS_HEADER);
        assertThat(sensors.get(3)).isEqualTo("Lille,2,672,5,0.74,true,2,4");
        List<String> outages = http.get("/api/health.csv?store=Lille&part=outages")
                .body()
                .lines()
                .toList();
        assertThat(outages)
                .containsExactly(
                        Render.OUTAGES_HEADER,
                        "Lille,2,2024-06-10T10:00,2024-06-10T14:00,4",
                        "Lille,2,2024-06-12T15:00,2024-06-12T16:00,1");
        assertThat(http.get("/api/health?threshold=150").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/health?part=all").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/health?view=store_daily").statusCode()).isEqualTo(400);
    }

    @Test
    void theCoverageIsCachedBriefly() {
        int before = DATA.coverageCalls();
        for (int i = 0; i < 5; i++) {
            assertThat(http.get("/api/view?store=Lille&from=2024-06-03&to=2024-06-04")
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(DATA.coverageCalls() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void aRepeatedRequestIsAnsweredFromTheCache() {
        String url = "/api/view.csv?view=sensor_daily&store=Lille&from=2024-06-17&to=2024-06-24";
        HttpResponse<String> first = http.get(url);
        int queries = DATA.queryCalls();
        HttpResponse<String> second = http.get(url);
        assertThat(DATA.queryCalls()).isEqualTo(queries);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"sensor_daily.csv\"");
        http.get(url.replace("2024-06-24", "2024-06-25"));
        assertThat(DATA.queryCalls()).isEqualTo(queries + 1);
    }

    @Test
    void withoutACacheEveryRequestAsks() {
        FixtureData data = new FixtureData();
        try (DashboardServer uncached = DashboardServer.builder(data)
                .port(0)
                .responseCacheTtl(java.time.Duration.ZERO)
                .start()) {
            Http client = new Http(uncached.uri());
            client.get("/api/view?store=Lille");
            client.get("/api/view?store=Lille");
            assertThat(data.queryCalls()).isEqualTo(2);
        }
    }

    @Test
    void aServerFaultIsA500WithoutDetails() {
        DashboardData broken = new DashboardData() {
            @Override
            public List<StoreCoverage> coverage() {
                throw new IllegalStateException("secret path /var/db is corrupt");
            }

            @Override
            public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
                throw new IllegalStateException("secret path /var/db is corrupt");
            }
        };
        try (DashboardServer failing = DashboardServer.builder(broken).port(0).start()) {
            HttpResponse<String> response = new Http(failing.uri()).get("/api/stores");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(Http.json(response.body())).containsEntry("error", "server_error");
            assertThat(response.body()).doesNotContain("secret", "Exception");
        }
    }

    @Test
    void aPortInUseIsAClearError() {
        DashboardServer.Builder second = DashboardServer.builder(DATA).port(server.port());
        assertThatThrownBy(second::start)
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void theBuilderRejectsNonsense() {
        DashboardServer.Builder builder = DashboardServer.builder(DATA);
        assertThatThrownBy(() -> builder.port(70_000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> builder.failureThresholdPercent(101)).hasMessageContaining("101");
        assertThatThrownBy(() -> builder.maxRows(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> builder.host(" ")).hasMessageContaining("blank");
    }

    /** Asserts that a GET of {@code path} is answered with {@code status} and the JSON error code {@code error}. */
    private void assertAnswersError(String path, int status, String error) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(Http.json(response.body())).as(path).containsEntry("error", error);
    }

    /** An outage of Lille's sensor 2 as {@code /api/health} lists it. */
    private static Map<String, Object> lilleSensor2Outage(String from, String to, long hours) {
        return Map.of("store", LILLE, "sensor_id", 2L, "from", from, "to", to, "hours", hours);
    }
}
