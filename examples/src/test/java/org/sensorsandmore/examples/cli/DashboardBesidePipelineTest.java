package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.RunStatus;
import picocli.CommandLine;

/**
 * The README's deployment: {@code sensors dashboard --db F} serving while {@code sensors pipeline
 * --db F} processes commit into the same file. The dashboard reads the published views, never the
 * database, so neither makes the other fail.
 */
class DashboardBesidePipelineTest {
    private static final Pattern READINGS = Pattern.compile("\"readings\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aDashboardServesEveryRequestWhilePipelineProcessesCommitRunsIntoItsFile() throws Exception {
        Path db = dir.resolve("sensors.duckdb");
        try (Warehouse warehouse = Warehouse.open(db);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(0), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 6, 24), LocalDate.of(2024, 7, 1)));
        }
        Cli cli = new Cli();
        CommandLine commandLine = cli.dashboard();
        DashboardCommand dashboard =
                commandLine.getSubcommands().get("dashboard").getCommand();
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(
                () -> commandLine.execute("dashboard", "--db", db.toString(), "--port", "0"));
        Matcher url =
                Pattern.compile("Dashboard on (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        for (int i = 0; i < 200 && !url.reset(cli.out()).find(); i++) {
            assertThat(serving).as(cli.err()).isNotDone();
            Thread.sleep(50);
        }
        assertThat(url.find(0)).as(cli.out() + " " + cli.err()).isTrue();
        URI stores = URI.create(url.group(1) + "api/stores");
        URI paris = URI.create(url.group(1) + "api/view?view=store_daily&store=Paris");
        HttpClient http = HttpClient.newHttpClient();

        // Cron's runs, one process each: every one catches up a few days and commits them by the day.
        List<Long> seen = new ArrayList<>();
        int requests = 0;
        for (int run = 0; run < 4; run++) {
            LocalDate now = LocalDate.of(2024, 7, 1).plusDays(5L * (run + 1));
            Path log = dir.resolve("run-" + run + ".log");
            Process pipeline = new ProcessBuilder(CliProcess.simulatedPipeline(
                            db, "--chunk-hours", "24", "--since", "2024-07-01", "--now", now.toString(), "--once"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            while (pipeline.isAlive()) {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(requests % 2 == 0 ? stores : paris)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                if (requests % 2 == 0) {
                    seen.add(total(answer.body()));
                }
                requests++;
            }
            assertThat(pipeline.exitValue()).as(Files.readString(log)).isZero();
        }

        // The last commit shows within seconds; what a reader saw never went back.
        long stored;
        try (Warehouse warehouse = Warehouse.open(db)) {
            stored = warehouse.coverage().stream().mapToLong(c -> c.readings()).sum();
            assertThat(Pipeline.history(warehouse, 10))
                    .hasSize(4)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        }
        long shown = 0;
        for (int i = 0; i < 100 && shown != stored; i++) {
            shown = total(http.send(HttpRequest.newBuilder(stores).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            Thread.sleep(50);
        }
        assertThat(shown).isEqualTo(stored);
        assertThat(seen).isSorted();
        assertThat(requests).isGreaterThan(4);
        dashboard.stop.countDown();
        assertThat(serving.get(10, TimeUnit.SECONDS)).isZero();
    }

    private static long total(String storesJson) {
        Matcher matcher = READINGS.matcher(storesJson);
        long total = 0;
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }
}
