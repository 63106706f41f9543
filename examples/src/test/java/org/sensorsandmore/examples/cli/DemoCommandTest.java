package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.RunStatus;
import picocli.CommandLine;

class DemoCommandTest {
    private static final Instant NOW = Instant.parse("2024-08-07T13:20:00Z");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void servesFetchesStoresAndShowsTheLastWeeksThenStopsCleanly() throws Exception {
        CommandLine commandLine = cli.demo();
        DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();
        demo.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CountDownLatch firstRun = new CountDownLatch(1);
        demo.onRun = run -> {
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            firstRun.countDown();
        };
        Path db = dir.resolve("data/sensors.duckdb");
        Path views = dir.resolve("views");

        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> commandLine.execute(
                "demo", "--db", db.toString(), "--export", views.toString(), "--weeks", "1", "--port", "0"));
        assertThat(firstRun.await(2, TimeUnit.MINUTES))
                .as(cli.out() + " " + cli.err())
                .isTrue();

        Matcher url =
                Pattern.compile("Dashboard on (http://127\\.0\\.0\\.1:\\d+/)").matcher(cli.out());
        assertThat(url.find()).as(cli.out()).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> daily = http.send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "api/view.csv?view=store_daily&store=Paris"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(daily.statusCode()).as(daily.body()).isEqualTo(200);
        // 2024-07-31 to 2024-08-07 in Paris: eight dates, the last one partial.
        assertThat(daily.body().lines().skip(1)).hasSize(8).allMatch(line -> line.startsWith("Paris,"));

        demo.stop.countDown();
        assertThat(running.get(2, TimeUnit.MINUTES)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Demo stopped.");

        // Every store's complete hours since 2024-07-31 00:00 local, each sensor once; the file is
        // released (it opens again) and the views were exported.
        long expected = 0;
        LocalDateTime since = LocalDate.of(2024, 7, 31).atStartOfDay();
        for (Store store : StoreNetwork.original().stores()) {
            LocalDateTime end = LocalDateTime.ofInstant(NOW, store.zone()).truncatedTo(ChronoUnit.HOURS);
            expected += store.sensorCount() * ChronoUnit.HOURS.between(since, end);
        }
        try (Warehouse warehouse = Warehouse.open(db)) {
            assertThat(warehouse.coverage().stream()
                            .mapToLong(StoreCoverage::readings)
                            .sum())
                    .isEqualTo(expected);
        }
        assertThat(views.resolve("store_daily/month=2024-08/store_daily.csv")).isRegularFile();
        assertThat(views.resolve("sensor_hourly/day=2024-08-06/sensor_hourly.parquet"))
                .isRegularFile();
    }

    @Test
    void aBadWeekCountIsOneLineAndExitCode2() {
        int code = cli.demo().execute("demo", "--db", dir.resolve("d.duckdb").toString(), "--weeks", "0");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().lines()).singleElement().asString().isEqualTo("demo: --weeks must be at least 1, not 0");
        assertThat(dir.resolve("d.duckdb")).doesNotExist();
    }

    @Test
    void aTakenPortOrABadMinuteIsOneLineNamingTheOptionAndCreatesNothing() throws Exception {
        Path db = dir.resolve("data/sensors.duckdb");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(cli.demo().execute("demo", "--db", db.toString(), "--port", Integer.toString(port)))
                    .isEqualTo(SensorsCli.EXIT_USAGE);
            assertThat(cli.demo()
                            .execute(
                                    "demo", "--db", db.toString(), "--port", "0", "--api-port", Integer.toString(port)))
                    .isEqualTo(SensorsCli.EXIT_USAGE);
            assertThat(cli.demo().execute("demo", "--db", db.toString(), "--port", "0", "--at-minute", "75"))
                    .isEqualTo(SensorsCli.EXIT_USAGE);

            List<String> lines = cli.err().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("demo: --port " + port + " on 127.0.0.1 is not free (");
            assertThat(lines.get(1)).startsWith("demo: --api-port " + port + " on 127.0.0.1 is not free (");
            assertThat(lines.get(2)).isEqualTo("demo: --at-minute must be 0 to 59, not 75");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aSecondStartSaysItContinuesFromItsWatermarks() throws Exception {
        Path db = dir.resolve("sensors.duckdb");
        assertThat(cli.demo()
                        .execute(
                                "pipeline",
                                "--simulate",
                                "--db",
                                db.toString(),
                                "--since",
                                "2024-08-06",
                                "--now",
                                "2024-08-07T13",
                                "--once"))
                .as(cli.err())
                .isZero();
        CommandLine commandLine = cli.demo();
        DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();
        demo.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CountDownLatch firstRun = new CountDownLatch(1);
        demo.onRun = run -> firstRun.countDown();

        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> commandLine.execute(
                "demo", "--db", db.toString(), "--export", dir.resolve("views").toString(), "--port", "0"));
        assertThat(firstRun.await(2, TimeUnit.MINUTES))
                .as(cli.out() + " " + cli.err())
                .isTrue();
        demo.stop.countDown();
        assertThat(running.get(2, TimeUnit.MINUTES)).as(cli.err()).isZero();

        assertThat(cli.out())
                .contains(": continuing from where it stopped (2024-08-07T13:00), then every hour at minute 30")
                .doesNotContain("catching up from");
    }

    /** Ctrl-C (here SIGTERM, which runs the same hook): everything closes, and says so, before the JVM ends. */
    @Test
    @Tag("crash")
    void sigtermStopsTheDemoCleanlyAndSaysSo() throws Exception {
        Path db = dir.resolve("signalled.duckdb");
        List<String> demo = List.of("demo", "--db=" + db, "--export=" + dir.resolve("views"), "--weeks=1", "--port=0");
        Process child = new ProcessBuilder(CliProcess.command(List.of(), demo.toArray(String[]::new)))
                .redirectErrorStream(true)
                .start();
        String output = CliProcess.outputSignalledAt(child, line -> line.startsWith("Run 1 "));
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output)
                .contains("Run 1 SUCCEEDED", "Stopping: the pipeline finishes the chunk in progress", "Demo stopped.");
        try (Warehouse warehouse = Warehouse.open(db)) { // closed by the child: not held
            assertThat(warehouse.coverage()).isNotEmpty();
        }
    }
}
