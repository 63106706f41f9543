package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sensorsandmore.http.dashboard.WarehouseFixture.ROMA;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.portfolio.Portfolio;
import org.sensorsandmore.sql.portfolio.StoreSummary;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/** The endpoints over a real DuckDB warehouse file: what they answer is what the warehouse holds. */
class DashboardWarehouseTest {
    @TempDir
    static Path dir;

    private static Warehouse warehouse;
    private static DashboardServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        warehouse = WarehouseFixture.open(dir);
        server = DashboardServer.builder(warehouse).port(0).start();
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
        warehouse.close();
    }

    @Test
    void thePortfolioIsTheWarehousesStoreByStore() {
        Portfolio expected = Portfolio.of(warehouse, 5.0);
        Map<String, Object> json = Http.json(http.get("/api/portfolio").body());

        assertThat(json.get("last_day"))
                .isEqualTo(expected.lastDay().toString())
                .isEqualTo("2024-07-14");
        assertThat(json.get("week_from")).isEqualTo("2024-07-08");
        List<Map<String, Object>> stores = Http.list(json, "stores");
        assertThat(stores)
                .extracting(s -> s.get("store"))
                .containsExactlyElementsOf(
                        expected.stores().stream().map(StoreSummary::store).toList());
        for (int i = 0; i < stores.size(); i++) {
            Map<String, Object> store = stores.get(i);
            StoreSummary summary = expected.stores().get(i);
            assertThat(store.get("week_visits")).isEqualTo(summary.week());
            assertThat(store.get("four_weeks_visits")).isEqualTo(summary.fourWeeks());
            assertThat(((Number) store.get("week_vs_baseline_pct")).doubleValue())
                    .isCloseTo(summary.weekVsBaseline(), org.assertj.core.api.Assertions.within(0.005));
            assertThat(store.get("week_vs_year_pct")).isNull(); // six weeks of data: nothing a year earlier
            assertThat(store.get("like_for_like")).isEqualTo(false);
            assertThat(store.get("trend")).isEqualTo(summary.weeklyTrend());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) json.get("totals");
        assertThat(totals.get("week_visits")).isEqualTo(expected.totals().week());
        assertThat(totals.get("like_for_like_stores")).isEqualTo(0L);

        List<String> csv = http.get("/api/portfolio.csv").body().lines().toList();
        assertThat(csv.get(0)).isEqualTo(Render.PORTFOLIO_HEADER);
        assertThat(csv).hasSize(1 + expected.stores().size());
        assertThat(http.get("/api/portfolio?threshold=-1").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/portfolio?store=Roma").statusCode()).isEqualTo(400);
    }

    @Test
    void aStoresProfileIsItsHourlyMeansAndItsDoorsShares() {
        String range = "&from=2024-06-03&to=2024-07-15";
        Map<String, Object> profile =
                Http.json(http.get("/api/profile?store=Roma" + range).body());
        List<ViewRow> hours = warehouse.query(ViewQuery.of(View.STORE_HOURLY)
                .withStores(Set.of(ROMA))
                .withDates(LocalDate.of(2024, 6, 3), LocalDate.of(2024, 7, 15)));
        for (Map<String, Object> cell : Http.list(profile, "heatmap")) {
            int weekday = ((Long) cell.get("weekday")).intValue();
            int hour = ((Long) cell.get("hour")).intValue();
            double mean = hours.stream()
                    .filter(r ->
                            ViewRow.weekdayNumber(r.weekday()) == weekday && r.hour() == hour && r.visits() != null)
                    .mapToLong(ViewRow::visits)
                    .average()
                    .orElseThrow();
            assertThat(((Number) cell.get("mean_visits")).doubleValue())
                    .isCloseTo(mean, org.assertj.core.api.Assertions.within(0.005));
        }
        List<Map<String, Object>> doors = Http.list(profile, "doors");
        assertThat(doors).hasSize(4);
        assertThat(doors.stream()
                        .mapToDouble(d -> ((Number) d.get("share_pct")).doubleValue())
                        .sum())
                .isCloseTo(100.0, org.assertj.core.api.Assertions.within(0.05));
        assertThat(http.get("/api/profile" + "?from=2024-06-03&to=2024-07-15").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/profile?store=Atlantis").statusCode()).isEqualTo(404);
    }

    @Test
    void weeksAndMonthsSumTheDaysOfTheirPeriod() {
        String range = "&store=Roma&from=2024-06-03&to=2024-07-15";
        List<Map<String, Object>> days = Http.list(
                Http.json(http.get("/api/view?view=store_daily" + range).body()), "rows");
        for (String period : List.of("week", "month")) {
            List<Map<String, Object>> periods = Http.list(
                    Http.json(http.get("/api/view?view=store_daily&period=" + period + range)
                            .body()),
                    "rows");
            assertThat(periods).hasSize(period.equals("week") ? 6 : 2);
            for (Map<String, Object> row : periods) {
                LocalDate start = LocalDate.parse((String) row.get("date"));
                LocalDate end = period.equals("week") ? start.plusWeeks(1) : start.plusMonths(1);
                long visits = days.stream()
                        .filter(day -> !LocalDate.parse((String) day.get("date"))
                                        .isBefore(start)
                                && LocalDate.parse((String) day.get("date")).isBefore(end))
                        .mapToLong(day -> (Long) day.get("visits"))
                        .sum();
                assertThat(row.get("visits")).as(period + " from " + start).isEqualTo(visits);
                assertThat(row.get("hour")).isNull();
            }
        }
        assertThat(http.get("/api/view?view=store_hourly&period=week" + range).statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/view?view=store_daily&period=year" + range).statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/view.csv?view=sensor_daily&period=month" + range)
                        .body()
                        .lines())
                .hasSize(1 + 2 * 4); // two months of four sensors
    }

    @Test
    void storesAreTheWarehouseCoverage() {
        List<Map<String, Object>> stores =
                Http.list(Http.json(http.get("/api/stores").body()), "stores");
        List<StoreCoverage> coverage = warehouse.coverage();
        assertThat(stores).hasSize(coverage.size()).hasSize(2);
        Map<String, Object> roma = stores.stream()
                .filter(s -> s.get("store").equals(ROMA))
                .findFirst()
                .orElseThrow();
        assertThat(roma.get("sensors")).isEqualTo(List.of(0L, 1L, 2L, 3L));
        assertThat(roma.get("first_hour")).isEqualTo("2024-06-03T00:00");
        assertThat(roma.get("last_hour")).isEqualTo("2024-07-14T23:00");
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void everyViewAnswersTheWarehouseRows(View view) {
        String query = "view=" + view.tableName() + "&store=Roma&from=2024-07-01&to=2024-07-15&hours=9-18"
                + "&weekdays=0,1,2,3,4,5";
        HttpResponse<String> response = http.get("/api/view?" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        List<ViewRow> expected = warehouse.query(ViewQuery.of(view)
                .withStores(Set.of(ROMA))
                .withDates(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 15))
                .withHours(9, 18)
                .withWeekdays(Set.of(
                        java.time.DayOfWeek.MONDAY,
                        java.time.DayOfWeek.TUESDAY,
                        java.time.DayOfWeek.WEDNESDAY,
                        java.time.DayOfWeek.THURSDAY,
                        java.time.DayOfWeek.FRIDAY,
                        java.time.DayOfWeek.SATURDAY)));
        int perDay = view.resolution() == org.sensorsandmore.sql.views.Resolution.HOURLY ? 10 : 1;
        int sensors = view.level() == org.sensorsandmore.sql.views.Level.SENSOR ? 4 : 1;
        assertThat(expected).hasSize(12 * perDay * sensors);
        List<Map<String, Object>> rows = Http.list(Http.json(response.body()), "rows");
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).isEqualTo(DashboardServerTest.asJson(expected.get(i)));
        }
        // the same rows as CSV, one line each
        List<String> csv = http.get("/api/view.csv?" + query).body().lines().toList();
        assertThat(csv).hasSize(expected.size() + 1);
        assertThat(csv.get(1)).startsWith("Roma," + (sensors == 1 ? "" : "0") + ",2024-07-01,");
    }

    @Test
    void healthCountsTheSameFailuresAsTheSensorRows() {
        List<ViewRow> rows = warehouse.query(ViewQuery.of(View.SENSOR_HOURLY).withStores(Set.of(ROMA)));
        long failed = rows.stream().mapToLong(ViewRow::failed).sum();
        long readings = rows.stream().mapToLong(ViewRow::readings).sum();
        Map<String, Object> json = Http.json(http.get("/api/health?store=Roma").body());
        List<Map<String, Object>> sensors = Http.list(json, "sensors");
        assertThat(sensors).hasSize(4);
        assertThat(sensors.stream().mapToLong(s -> (Long) s.get("failed")).sum())
                .isEqualTo(failed);
        assertThat(sensors.stream().mapToLong(s -> (Long) s.get("readings")).sum())
                .isEqualTo(readings);
        long outageHours = Http.list(json, "outages").stream()
                .mapToLong(o -> (Long) o.get("hours"))
                .sum();
        long failedHours = rows.stream()
                .filter(r -> r.readings() > 0 && r.failed() == r.readings())
                .count();
        assertThat(outageHours).isEqualTo(failedHours);
    }

    @Test
    void aHostileStoreNameIsDataNotCode() {
        String store = URLEncoder.encode(WarehouseFixture.HOSTILE, StandardCharsets.UTF_8);
        HttpResponse<String> json = http.get("/api/view?store=" + store + "&from=2024-06-03&to=2024-06-04");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(Http.list(Http.json(json.body()), "rows").get(0).get("store"))
                .isEqualTo(WarehouseFixture.HOSTILE);
        String csv = http.get("/api/view.csv?store=" + store + "&from=2024-06-03&to=2024-06-04")
                .body();
        assertThat(csv.lines().toList().get(1))
                .startsWith("\"<script>alert(1)</script>, =HYPERLINK(\"\"http://evil\"\")\",");
    }

    @Test
    void badParametersStillGet4xx() {
        assertThat(http.get("/api/view?store=Roma&from=2024-07-15&to=2024-07-01")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/view?store=Roma%27%3B%20DROP%20TABLE%20readings%3B--")
                        .statusCode())
                .isEqualTo(404);
        assertThat(warehouse.coverage()).hasSize(2);
    }
}
