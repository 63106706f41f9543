package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sensorsandmore.http.dashboard.WarehouseFixture.ROMA;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;

/**
 * The page in a real browser (headless Chromium) over a real warehouse: pick a store, a sensor and
 * hourly resolution; the chart, the table, the CSV download and a shared link agree with the JSON
 * endpoint. Screenshots of each tab land in {@code target/screenshots/}.
 */
@Tag("browser")
class DashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;

    private static Warehouse warehouse;
    private static DashboardServer server;
    private static ChromeDriver driver;
    private static Path downloads;

    @BeforeAll
    static void start() throws IOException {
        downloads = Path.of("target", "downloads").toAbsolutePath();
        driver = Chromium.start(downloads);
        warehouse = WarehouseFixture.open(dir);
        server = DashboardServer.builder(warehouse).port(0).start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.stop(driver, server, warehouse);
    }

    /** How long the page may take to settle: generous for a loaded machine, as waiting ends when it does. */
    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Runs an action that reloads data and waits until the page says it is done. */
    private static void andWait(Runnable action, String expectedState) {
        driver.executeScript("document.body.dataset.state = 'test-waiting'");
        action.run();
        waiting().until(d -> !"test-waiting".equals(state()) && !"loading".equals(state()));
        assertThat(state()).as(driver.findElement(By.id("status")).getText()).isEqualTo(expectedState);
    }

    private static String state() {
        return (String) driver.executeScript("return document.body.dataset.state");
    }

    private static void open(String query) {
        driver.get(server.uri() + query);
        waiting().until(d -> {
            String s = state();
            return s != null && !s.equals("starting") && !s.equals("loading");
        });
    }

    private static void screenshot(String name) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void select(String id, String value) {
        new Select(driver.findElement(By.id(id))).selectByValue(value);
    }

    /** The JSON rows the page asked for, as the table shows them (CSV cells joined by commas). */
    private static List<String> endpointLines(String apiQuery) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : Http.list(
                Http.json(new Http(server.uri()).get("/api/view?" + apiQuery).body()), "rows")) {
            List<String> cells = new ArrayList<>();
            for (String column : Render.VIEW_HEADER.split(",")) {
                Object value = row.get(column);
                if (value instanceof Double d) {
                    value = Cells.hundredths(d);
                }
                cells.add(value == null ? "" : value.toString());
            }
            lines.add(String.join(",", cells));
        }
        return lines;
    }

    /** Every row of the table, page after page. */
    @SuppressWarnings("unchecked")
    private static List<String> tableLines() {
        List<String> lines = new ArrayList<>();
        while (true) {
            lines.addAll((List<String>) driver.executeScript("return Array.from(document.querySelectorAll('#rows tbody"
                    + " tr')).map(tr => Array.from(tr.cells).map(td => td.textContent).join(','))"));
            WebElement next = driver.findElement(By.id("next"));
            if (!next.isEnabled()) {
                return lines;
            }
            next.click();
        }
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(
                    pair.substring(0, equals),
                    java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String apiQuery() {
        String href = driver.findElement(By.id("download")).getAttribute("href");
        return href.substring(href.indexOf('?') + 1);
    }

    @Test
    void pickAStoreASensorAndHourlyThenChartTableCsvAndLinkAgree() throws IOException, InterruptedException {
        open("");
        assertThat(state()).as("the overview").isEqualTo("ready");
        assertThat(driver.findElement(By.id("sensor")).isEnabled()).isFalse();
        assertThat(driver.findElements(By.cssSelector("#weekdays input:checked")))
                .extracting(e -> e.getAttribute("value"))
                .containsExactly("0", "1", "2", "3", "4", "5");

        andWait(() -> select("store", ROMA), "ready");
        andWait(() -> select("sensor", "1"), "ready");
        andWait(() -> select("resolution", "hourly"), "ready");

        String apiQuery = apiQuery();
        assertThat(apiQuery).contains("view=sensor_hourly", "store=Roma", "sensor=1", "weekdays=0%2C1%2C2%2C3%2C4%2C5");
        List<String> expected = endpointLines(apiQuery);
        assertThat(expected).hasSize(6 * 6 * 24); // six weeks, Monday to Saturday, every hour

        // The chart drew visits and baseline, one point per row, with the endpoint's values.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>)
                driver.executeScript("const o = echarts.getInstanceByDom(document.getElementById('chart')).getOption();"
                        + "return o.series.map(s => ({name: s.name, type: s.type, points: s.data.length,"
                        + " sampling: s.sampling || '', first: s.data.find(p => p[1] !== null)[1]}));");
        assertThat(series)
                .extracting(s -> s.get("name"))
                .containsExactly("visits", "baseline (4-week same-weekday mean)");
        assertThat(series).extracting(s -> s.get("points")).containsOnly((long) expected.size());
        assertThat(series).extracting(s -> s.get("sampling")).containsOnly("lttb");
        assertThat(driver.executeScript("return document.querySelector('#chart canvas') !== null"))
                .isEqualTo(true);
        // The tooltip gives the point's pct_diff.
        String tooltip =
                (String) driver.executeScript("const c = echarts.getInstanceByDom(document.getElementById('chart'));"
                        + "c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 12});"
                        + "const tips = Array.from(document.querySelectorAll('#chart div'))"
                        + ".filter(d => d.textContent.includes('pct_diff'));"
                        + "return tips.length ? tips[tips.length - 1].textContent : '';");
        assertThat(tooltip).contains("visits: ", "baseline: ", "pct_diff: ");
        screenshot("dashboard-chart");

        // Only redraws: the rows are already there.
        driver.findElement(By.cssSelector("input[value=deviation]")).click();
        @SuppressWarnings("unchecked")
        List<String> deviation = (List<String>) driver.executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('chart')).getOption().series.map(s => s.name)");
        assertThat(deviation).containsExactly("% diff from baseline");
        assertThat(state()).isEqualTo("ready");
        assertThat(driver.executeScript("return echarts.getInstanceByDom(document.getElementById('chart'))"
                        + ".getOption().series[0].data.length"))
                .isEqualTo((long) expected.size());
        screenshot("dashboard-chart-deviation");

        // The table holds exactly the endpoint's rows.
        driver.findElement(By.id("tab-table")).click();
        assertThat(driver.findElement(By.id("panel-table")).isDisplayed()).isTrue();
        screenshot("dashboard-table");
        assertThat(tableLines()).isEqualTo(expected);

        // The CSV download is the table.
        try (Stream<Path> old = Files.list(downloads)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        driver.findElement(By.id("download")).click();
        Path csv = downloads.resolve("sensor_hourly.csv");
        waiting().until(d -> Files.isRegularFile(csv));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(Render.VIEW_HEADER);
        assertThat(lines.subList(1, lines.size())).isEqualTo(expected);

        // Sorting by visits, descending, puts the largest first.
        WebElement visits = driver.findElement(By.cssSelector("#rows th[data-col=visits]"));
        visits.click();
        visits.click();
        assertThat(visits.getAttribute("aria-sort")).isEqualTo("descending");
        long largest = expected.stream()
                .map(line -> line.split(",", -1)[5])
                .filter(v -> !v.isEmpty())
                .mapToLong(Long::parseLong)
                .max()
                .orElseThrow();
        assertThat(driver.findElement(By.cssSelector("#rows tbody tr td:nth-child(6)"))
                        .getText())
                .isEqualTo(Long.toString(largest));

        // A shared link opens the same view.
        String link = driver.getCurrentUrl();
        // The API's names: the link's query is the data's.
        assertThat(link).contains("store=Roma", "sensor=1", "view=sensor_hourly", "tab=table", "chart=deviation");
        Map<String, String> linkParameters = parameters(link.substring(link.indexOf('?') + 1));
        Map<String, String> apiParameters = parameters(apiQuery);
        for (String name : List.of("view", "store", "sensor", "from", "to")) {
            assertThat(linkParameters.get(name)).as(name).isNotNull().isEqualTo(apiParameters.get(name));
        }
        driver.get("about:blank");
        open(link.substring(link.indexOf('?')));
        assertThat(state()).isEqualTo("ready");
        assertThat(new Select(driver.findElement(By.id("store")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo(ROMA);
        assertThat(new Select(driver.findElement(By.id("sensor")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("1");
        assertThat(driver.findElement(By.id("panel-table")).isDisplayed()).isTrue();
        assertThat(apiQuery()).isEqualTo(apiQuery);
        assertThat(tableLines()).isEqualTo(expected);

        // Sensor health: every sensor of the store, whichever is picked, to compare them.
        andWait(() -> driver.findElement(By.id("tab-health")).click(), "ready");
        assertThat(driver.findElements(By.cssSelector("#health-sensors tbody tr")))
                .hasSize(4);
        assertThat(apiQuery()).startsWith("store=Roma");
        assertThat(driver.findElement(By.id("download")).getAttribute("href")).contains("/api/health.csv?");
        screenshot("dashboard-health");
    }

    @Test
    void aHostileStoreNameStaysText() throws IOException {
        open("?store=" + java.net.URLEncoder.encode(WarehouseFixture.HOSTILE, java.nio.charset.StandardCharsets.UTF_8)
                + "&tab=table");
        assertThat(state()).isEqualTo("ready");
        assertThat(new Select(driver.findElement(By.id("store")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo(WarehouseFixture.HOSTILE);
        assertThat(driver.findElement(By.cssSelector("#rows tbody tr td")).getText())
                .isEqualTo(WarehouseFixture.HOSTILE);
        assertThat(driver.findElements(By.tagName("script"))).hasSize(2); // ours only
        try {
            driver.switchTo().alert();
            throw new AssertionError("the store name ran as a script");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    @Test
    void thePageOpensOnThePortfolioSortedAndClickableWithTheApisNumbers() throws IOException {
        open("");
        assertThat(state()).isEqualTo("ready");
        assertThat(driver.findElement(By.id("tab-overview")).getAttribute("aria-selected"))
                .isEqualTo("true");
        Map<String, Object> api =
                Http.json(new Http(server.uri()).get("/api/portfolio").body());
        List<Map<String, Object>> stores = Http.list(api, "stores");
        List<WebElement> rows = driver.findElements(By.cssSelector("#portfolio tbody tr"));
        assertThat(rows).hasSameSizeAs(stores).hasSize(2);
        for (int i = 0; i < rows.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            Map<String, Object> store = stores.get(i);
            // The hostile name shows as text: textContent, never markup.
            assertThat(cells.get(0).getText()).isEqualTo(store.get("store"));
            assertThat(cells.get(1).getText()).isEqualTo(String.format("%,d", (Long) store.get("week_visits")));
            assertThat(cells.get(4).getText()).isEqualTo(String.format("%,d", (Long) store.get("four_weeks_visits")));
            assertThat(cells.get(3).getText()).isEqualTo("—"); // six weeks of data: no year earlier
            assertThat(cells.get(3).getAttribute("title")).contains("like-for-like");
            assertThat(cells.get(7).findElements(By.tagName("polyline"))).hasSize(1);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) api.get("totals");
        assertThat(driver.findElement(By.cssSelector("#portfolio tfoot td:nth-child(2)"))
                        .getText())
                .isEqualTo(String.format("%,d", (Long) totals.get("week_visits")));
        assertThat(driver.findElement(By.id("download")).getAttribute("href")).contains("api/portfolio.csv");
        screenshot("overview");

        driver.findElement(By.cssSelector("#portfolio th[data-col=week_visits]"))
                .click();
        Object busiest = stores.stream()
                .max(java.util.Comparator.comparingLong(st -> (Long) st.get("week_visits")))
                .orElseThrow()
                .get("store");
        assertThat(driver.findElement(By.cssSelector("#portfolio tbody tr td")).getText())
                .isEqualTo(busiest);
        assertThat(driver.findElement(By.cssSelector("#portfolio th[data-col=week_visits]"))
                        .getAttribute("aria-sort"))
                .isEqualTo("descending");

        andWait(
                () -> driver.findElement(By.cssSelector("#portfolio tbody tr[data-store=Roma]"))
                        .click(),
                "ready");
        assertThat(driver.findElement(By.id("tab-chart")).getAttribute("aria-selected"))
                .isEqualTo("true");
        assertThat(new Select(driver.findElement(By.id("store")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo(ROMA);
        assertThat(driver.getCurrentUrl()).contains("store=Roma").doesNotContain("tab=");
    }

    @Test
    void busyHoursAndDoorsShowTheApisCellsAndSharesThatSumToAHundred() throws IOException {
        open("?store=Roma&tab=profile&weekdays=0,1,2,3,4,5,6");
        assertThat(state()).as(driver.findElement(By.id("status")).getText()).isEqualTo("ready");
        String href = driver.getCurrentUrl();
        Map<String, String> page = parameters(href.substring(href.indexOf('?') + 1));
        Map<String, Object> api = Http.json(new Http(server.uri())
                .get("/api/profile?store=Roma&from=" + page.get("from") + "&to=" + page.get("to"))
                .body());
        @SuppressWarnings("unchecked")
        List<List<Object>> drawn = (List<List<Object>>) driver.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('heatmap')).getOption().series[0].data");
        List<Map<String, Object>> cells = Http.list(api, "heatmap");
        assertThat(drawn).hasSameSizeAs(cells);
        for (int i = 0; i < cells.size(); i++) {
            Map<String, Object> cell = cells.get(i);
            assertThat(drawn.get(i)).containsExactly(cell.get("hour"), cell.get("weekday"), cell.get("mean_visits"));
        }
        List<WebElement> doors = driver.findElements(By.cssSelector("#doors tbody tr"));
        assertThat(doors).hasSize(4); // Roma's four doors
        double shares = 0;
        for (WebElement door : doors) {
            shares += Double.parseDouble(
                    door.findElements(By.tagName("td")).get(2).getText());
        }
        assertThat(shares).isCloseTo(100.0, org.assertj.core.api.Assertions.within(0.05));
        screenshot("dashboard-profile");
    }

    @Test
    void closedDaysAreShadedGapsNotDropsAndAPartialDayIsMarked() throws IOException {
        // Every weekday: Roma is closed on Sundays (the footfall model's default).
        open("?store=Roma&view=store_daily&weekdays=0,1,2,3,4,5,6");
        assertThat(state()).isEqualTo("ready");
        @SuppressWarnings("unchecked")
        Map<String, Object> visits = (Map<String, Object>) driver.executeScript(
                "const s = echarts.getInstanceByDom(document.getElementById('chart')).getOption().series[0];"
                        + " return {nulls: s.data.filter(p => p[1] === null).length,"
                        + " closed: s.markArea.data.filter(a => a[0].name === 'closed').length};");
        long sundays =
                Http.list(
                                Http.json(new Http(server.uri())
                                        .get("/api/view?" + apiQuery())
                                        .body()),
                                "rows")
                        .stream()
                        .filter(row -> (Long) row.get("weekday") == 6 && (Long) row.get("visits") == 0)
                        .count();
        assertThat(sundays).isPositive();
        assertThat(visits).containsEntry("closed", sundays).containsEntry("nulls", sundays);
        screenshot("dashboard-closed-days");

        // Weekly: the days summed into the fixture's six weeks, said so in the link.
        andWait(() -> select("resolution", "weekly"), "ready");
        assertThat(driver.getCurrentUrl()).contains("view=store_daily", "period=week");
        assertThat(driver.executeScript("return echarts.getInstanceByDom(document.getElementById('chart'))"
                        + ".getOption().series[0].data.length"))
                .isEqualTo(6L);
    }

    @Test
    void aYearEarlierOverlayDrawsTheSameWeekdays52WeeksBeforeAtThisYearsDates() throws IOException {
        StoreNetwork network = StoreNetwork.original().only(List.of(ROMA));
        try (Warehouse twoYears = Warehouse.open(dir.resolve("two-years.duckdb"));
                SimulatedClient client = SimulatedClient.of(new FootfallModel(5), network)) {
            // Two weeks in 2024 and the same weekdays 364 days before.
            twoYears.ingest(client, HourWindow.of(LocalDate.of(2023, 6, 5), LocalDate.of(2023, 6, 19)));
            twoYears.ingest(client, HourWindow.of(LocalDate.of(2024, 6, 3), LocalDate.of(2024, 6, 17)));
            try (DashboardServer other =
                    DashboardServer.builder(twoYears).port(0).start()) {
                driver.get(other.uri() + "?store=Roma&view=store_daily&from=2024-06-03&to=2024-06-17"
                        + "&weekdays=0,1,2,3,4,5,6&overlay=year");
                waiting().until(d -> "ready".equals(state()));
                assertThat(driver.findElement(By.id("year-earlier")).isSelected())
                        .isTrue();
                @SuppressWarnings("unchecked")
                List<List<Object>> overlay = (List<List<Object>>) driver.executeScript(
                        "const o = echarts.getInstanceByDom(document.getElementById('chart')).getOption();"
                                + " return o.series.find(s => s.name.startsWith('a year earlier')).data;");
                List<Map<String, Object>> earlier = Http.list(
                        Http.json(new Http(other.uri())
                                .get("/api/view?view=store_daily&store=Roma&from=2023-06-05&to=2023-06-19")
                                .body()),
                        "rows");
                assertThat(overlay).hasSize(14).hasSameSizeAs(earlier);
                for (int i = 0; i < overlay.size(); i++) {
                    long drawnAt = ((Number) overlay.get(i).get(0)).longValue();
                    LocalDate shown = java.time.Instant.ofEpochMilli(drawnAt)
                            .atZone(java.time.ZoneOffset.UTC)
                            .toLocalDate();
                    assertThat(shown)
                            .isEqualTo(LocalDate.parse((String) earlier.get(i).get("date"))
                                    .plusDays(364));
                    Object visits = earlier.get(i).get("visits");
                    // A closed day a year earlier is a gap in the overlay too, not a drop.
                    assertThat(overlay.get(i).get(1)).isEqualTo(Long.valueOf(0).equals(visits) ? null : visits);
                }
                screenshot("dashboard-year-earlier");
            }
        }
    }

    @Test
    void aHolidayIsMarkedClosedAndTheLastHalfDayPartial() throws IOException {
        StoreNetwork network = StoreNetwork.original().only(List.of(ROMA));
        try (Warehouse august = Warehouse.open(dir.resolve("august.duckdb"));
                SimulatedClient client = SimulatedClient.of(new FootfallModel(5), network)) {
            // Ferragosto (Thursday 15 August) is an Italian holiday; the 19th has its morning only.
            august.ingest(
                    client, HourWindow.of(LocalDateTime.of(2024, 8, 12, 0, 0), LocalDateTime.of(2024, 8, 19, 12, 0)));
            try (DashboardServer other = DashboardServer.builder(august).port(0).start()) {
                driver.get(other.uri() + "?store=Roma&view=store_daily&from=2024-08-12&to=2024-08-20"
                        + "&weekdays=0,1,2,3,4,5,6");
                waiting().until(d -> "ready".equals(state()));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> marks = (List<Map<String, Object>>) driver.executeScript(
                        "const s = echarts.getInstanceByDom(document.getElementById('chart')).getOption().series[0];"
                                + " return s.markArea.data.map(a => ({name: a[0].name,"
                                + " day: new Date(a[0].xAxis + 43200000).toISOString().slice(0, 10)}));");
                assertThat(marks)
                        .containsExactly(
                                Map.of("name", "closed", "day", "2024-08-15"),
                                Map.of("name", "closed", "day", "2024-08-18"),
                                Map.of("name", "partial", "day", "2024-08-19"));
                screenshot("dashboard-holiday-and-partial-day");
                // No incident here: the Alerts tab shows no badge.
                assertThat(driver.findElement(By.id("alerts-badge")).isDisplayed())
                        .isFalse();
            }
        }
    }

    @Test
    void theAlertsTabListsOpenIncidentsFirstAndTheOverviewAndTheBadgeCountThem() throws IOException {
        try (Warehouse alerted = Warehouse.open(dir.resolve("alerted.duckdb"))) {
            AlertsFixture.staleLyonRecoveredNiceOpen(alerted);
            try (DashboardServer other =
                    DashboardServer.builder(alerted).port(0).start()) {
                driver.get(other.uri() + "?tab=alerts");
                waiting().until(d -> "ready".equals(state()));
                List<WebElement> rows = driver.findElements(By.cssSelector("#incidents tbody tr"));
                assertThat(rows).hasSize(2);
                assertThat(rows.get(0).getAttribute("class")).isEqualTo("open");
                assertThat(rows.get(0).findElements(By.tagName("td")).get(2).getText())
                        .isEqualTo("Nice");
                assertThat(rows.get(1).getAttribute("class")).isEqualTo("closed");
                assertThat(rows.get(1).getText()).contains("recovered");
                assertThat(driver.findElement(By.id("alerts-badge")).getText()).isEqualTo("1");
                screenshot("dashboard-alerts");

                andWait(() -> driver.findElement(By.id("tab-overview")).click(), "ready");
                // The portfolio's health column counts each store's open incidents.
                assertThat(driver.findElement(By.cssSelector("#portfolio tbody tr[data-store=Nice] td:last-child"))
                                .getText())
                        .isEqualTo("1 alert");
                assertThat(driver.findElement(By.cssSelector("#portfolio tbody tr[data-store=Lyon] td:last-child"))
                                .getText())
                        .isEqualTo("OK");
                assertThat(driver.findElement(By.cssSelector("#portfolio tfoot td:last-child"))
                                .getText())
                        .isEqualTo("1 alert");
                andWait(() -> driver.findElement(By.id("tab-alerts")).click(), "ready");
                andWait(
                        () -> driver.findElements(By.cssSelector("#incidents tbody tr"))
                                .get(0)
                                .click(),
                        "ready");
                assertThat(new Select(driver.findElement(By.id("store")))
                                .getFirstSelectedOption()
                                .getText())
                        .isEqualTo("Nice");
            }
        }
    }

    @Test
    void emptyErrorAndIdleStatesSaySo() {
        open("?store=Roma");
        assertThat(state()).isEqualTo("ready");
        andWait(
                () -> driver.findElements(By.cssSelector("#weekdays input:checked"))
                        .forEach(WebElement::click),
                "empty");
        assertThat(driver.findElement(By.id("status")).getText()).contains("weekday");
        assertThat(driver.findElement(By.id("download")).getAttribute("aria-disabled"))
                .isEqualTo("true");
        open("?store=Roma&tab=health&threshold=500");
        assertThat(state()).isEqualTo("error");
        assertThat(driver.findElement(By.id("status")).getText()).contains("'threshold' must be a percentage");
        open("?store=Nowhere&tab=chart");
        assertThat(state()).isEqualTo("idle");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Choose a store.");
    }
}
