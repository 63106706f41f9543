package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * The page with 175,320 hourly points of one sensor (twenty years): it loads, draws and stays
 * responsive. Rows are made on the fly: this is about the browser, not the database.
 *
 * <p>The limits hold on a loaded two-core machine (a build beside the test): a zoom and a table sort
 * are each timed three times and the fastest must stay under {@link #RESPONSIVE_MILLIS}, so one
 * stall of the machine does not fail the test while a page that blocks on every redraw does
 * (0.06 s and 0.03 s measured beside a build, load average 5); the first load, which waits on the
 * server too, gets {@link #LOAD_MILLIS} (4 to 8 s measured there).
 */
@Tag("browser")
class DashboardLargeDataBrowserTest {
    private static final LocalDate FIRST = LocalDate.of(2005, 1, 1);
    private static final LocalDate END = LocalDate.of(2025, 1, 1);

    /** The fastest of three zooms, and of three table sorts, must take less: the page stays usable. */
    private static final long RESPONSIVE_MILLIS = 2_000;

    /** The first load and draw of the 175,320 points must take less. */
    private static final long LOAD_MILLIS = 90_000;

    private static final int TRIES = 3;

    /** Zooms into a month and back out, and answers the milliseconds the page was blocked. */
    private static final String ZOOM = "const c = echarts.getInstanceByDom(document.getElementById('chart'));"
            + "const t0 = performance.now();"
            + "c.dispatchAction({type: 'dataZoom', start: 50, end: 50.4});"
            + "c.dispatchAction({type: 'dataZoom', start: 0, end: 100});"
            + "c.getZr().flush();"
            + "return performance.now() - t0;";

    /** Opens the table and sorts it by visits (each time the other way), in milliseconds. */
    private static final String TABLE_SORT = "const t0 = performance.now();"
            + "document.getElementById('tab-table').click();"
            + "document.querySelector('#rows th[data-col=visits]').click();"
            + "return performance.now() - t0;";

    private static DashboardServer server;
    private static ChromeDriver driver;

    /** Hourly rows of one sensor, a daily shape plus a slow wave, whatever the view asked. */
    private static final class Generated implements DashboardData {
        @Override
        public List<StoreCoverage> coverage() {
            return List.of(new StoreCoverage(
                    "Big", List.of(0), FIRST.atStartOfDay(), END.atStartOfDay().minusHours(1), 175_320, 0));
        }

        @Override
        public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
            for (LocalDateTime hour = FIRST.atStartOfDay();
                    hour.isBefore(END.atStartOfDay());
                    hour = hour.plusHours(1)) {
                int h = hour.getHour();
                long visits = h < 8 || h > 20 ? 0 : 100 + (h * 37 + hour.getDayOfYear() * 11) % 90;
                double baseline = visits == 0 ? 0 : visits * 0.97;
                sink.accept(new ViewRow(
                        "Big",
                        0,
                        hour.toLocalDate(),
                        h,
                        hour.getDayOfWeek(),
                        visits,
                        1,
                        0,
                        baseline,
                        baseline == 0 ? null : 100 * (visits - baseline) / baseline,
                        true));
            }
        }
    }

    @BeforeAll
    static void start() {
        driver = Chromium.start(Path.of("target", "downloads").toAbsolutePath());
        server = DashboardServer.builder(new Generated()).port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.stop(driver, server);
    }

    @Test
    void a175kPointChartLoadsAndStaysResponsive() throws IOException {
        long started = System.nanoTime();
        driver.get(server.uri() + "?store=Big&sensor=0&res=hourly&weekdays=0,1,2,3,4,5,6");
        new WebDriverWait(driver, Duration.ofMillis(2 * LOAD_MILLIS))
                .until(d -> "ready".equals(driver.executeScript("return document.body.dataset.state")));
        long loadedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(driver.findElement(By.id("status")).getText()).startsWith("175,320 rows");

        Object points = driver.executeScript("return echarts.getInstanceByDom(document.getElementById('chart'))"
                + ".getOption().series[0].data.length");
        assertThat(points).isEqualTo(175_320L);

        Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(
                driver.getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "screenshots", "dashboard-175k-chart.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // Zoom into a month and back out, then sort the table: no redraw may block the page for long.
        double zoomMillis = fastest(ZOOM);
        double tableMillis = fastest(TABLE_SORT);
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot,
                Path.of("target", "screenshots", "dashboard-175k-table.png"),
                StandardCopyOption.REPLACE_EXISTING);
        String report = "175,320 hourly points: loaded and drawn in " + loadedMillis + " ms; zoom in and out "
                + Math.round(zoomMillis) + " ms; table sorted by visits " + Math.round(tableMillis)
                + " ms (fastest of " + TRIES + ")";
        Files.writeString(Path.of("target", "screenshots", "dashboard-175k.txt"), report + "\n");
        System.out.println(report);
        assertThat(zoomMillis).as(report).isLessThan(RESPONSIVE_MILLIS);
        assertThat(tableMillis).as(report).isLessThan(RESPONSIVE_MILLIS);
        assertThat(loadedMillis).as(report).isLessThan(LOAD_MILLIS);
    }

    /** Runs a script that answers milliseconds {@link #TRIES} times; the fastest, the page's own cost. */
    private static double fastest(String script) {
        double fastest = Double.MAX_VALUE;
        for (int i = 0; i < TRIES; i++) {
            fastest = Math.min(fastest, ((Number) driver.executeScript(script)).doubleValue());
        }
        return fastest;
    }
}
