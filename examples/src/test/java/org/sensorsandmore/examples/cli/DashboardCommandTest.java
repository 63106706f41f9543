package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
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
import picocli.CommandLine;

class DashboardCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private CommandLine commandLine() {
        return cli.dashboard();
    }

    @Test
    void aMissingDatabaseIsOneClearLineAndExitCode2() {
        Path missing = dir.resolve("nothing.duckdb");
        int code = commandLine().execute("dashboard", "--db", missing.toString(), "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().lines())
                .singleElement()
                .asString()
                .startsWith("dashboard: No warehouse file at " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedInOneLineAndNothingIsCreated() throws Exception {
        Path csv = java.nio.file.Files.writeString(dir.resolve("latest_dat.csv"), "date,hour\n2024-07-01,9\n");

        int code = commandLine().execute("dashboard", "--db", csv.toString(), "--port", "0");

        assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
        assertThat(cli.err().lines())
                .containsExactly("dashboard: Cannot open the database " + csv
                        + ": it is not a DuckDB database (it does not start with DuckDB's header)");
        assertThat(cli.out()).doesNotContain("Dashboard on");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files).containsExactly(csv);
        }
    }

    @Test
    void servesTheWarehouseUntilStoppedAndPrintsTheUrl() throws Exception {
        Path db = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(db);
                SimulatedClient client = SimulatedClient.of(
                        new FootfallModel(1), StoreNetwork.original().only(java.util.List.of("Roma")))) {
            warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 8)));
        }
        CommandLine commandLine = commandLine();
        DashboardCommand dashboard =
                commandLine.getSubcommands().get("dashboard").getCommand();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> commandLine.execute("dashboard", "--db", db.toString(), "--port", "0"));
        Pattern url = Pattern.compile("Dashboard on (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher matcher = url.matcher("");
        for (int i = 0; i < 200 && !matcher.reset(cli.out()).find(); i++) {
            assertThat(run).as(cli.err()).isNotDone();
            Thread.sleep(50);
        }
        assertThat(matcher.find(0)).as(cli.out() + " " + cli.err()).isTrue();
        HttpResponse<String> stores = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(matcher.group(1) + "api/stores"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(stores.statusCode()).isEqualTo(200);
        assertThat(stores.body()).contains("\"store\":\"Roma\"");

        dashboard.stop.countDown();
        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(cli.out()).contains("Dashboard stopped.");
    }

    @Test
    void aBadPortIsAUsageError() {
        int code = commandLine().execute("dashboard", "--db", dir.resolve("x").toString(), "--port", "http");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("--port");
    }
}
