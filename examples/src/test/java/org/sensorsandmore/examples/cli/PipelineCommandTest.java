package org.sensorsandmore.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.http.api.ApiServerConfig;
import org.sensorsandmore.http.api.TrafficApiServer;
import org.sensorsandmore.http.client.FetchConfig;
import org.sensorsandmore.http.client.HttpTrafficClient;
import org.sensorsandmore.sql.DatabaseInUseException;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.pipeline.RunStatus;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * The hourly pipeline end to end: real API servers on 127.0.0.1 with a pinned now, real DuckDB
 * files, and child JVMs killed with SIGKILL mid-ingest.
 */
class PipelineCommandTest {
    private static final LocalDateTime NOW = ApiServers.NOW;
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);
    private static final int ORIGINAL_WINDOW_READINGS = 39 * 903;

    /** The issue's twenty random instants; each child commits a few chunks of twelve hours first. */
    private static final int KILLS = 20;

    /**
     * Chunks the crash test leaves unfetched before it stops killing. A chunk commits in tens of
     * milliseconds, so in the random pause before a kill a child may commit several more than it
     * was let: without this margin a late kill can find the ingest finished.
     */
    private static final int MARGIN_CHUNKS = 12;

    private static final int CHUNK_HOURS = 12;

    /** Debug lines of the warehouse's steps: a crash test times its kills by them. */
    private static final String SQL_DEBUG = "-Dorg.slf4j.simpleLogger.log.org.sensorsandmore.sql=debug";

    @RegisterExtension
    static final ApiServers SERVERS = new ApiServers(11);

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.commandLine(
                        "pipeline",
                        (PipelineCommand pipeline) -> pipeline.fetchConfig = FetchConfig.builder()
                                .initialBackoff(Duration.ofMillis(1))
                                .maxBackoff(Duration.ofMillis(5)))
                .execute(args);
    }

    private static String api(TrafficApiServer server) {
        return ApiServers.api(server);
    }

    @Test
    void catchUpFromAStartDateWritesEveryReadingOnceAndASecondRunWritesNone() throws SQLException {
        Path db = dir.resolve("sensors.duckdb");

        int first = run(Cli.words("pipeline --api {} --db {} --since 2024-07-01 --once", api(SERVERS.clean()), db));
        assertThat(first).as(cli.err()).isZero();
        int second = run(Cli.words("pipeline --api {} --db {} --since 2024-07-01 --once", api(SERVERS.clean()), db));
        assertThat(second).as(cli.err()).isZero();

        // The server's now (pinned at 15:00) comes from its /health: 903 complete hours per store.
        assertThat(cli.err())
                .contains("Run 1 SUCCEEDED: [2024-07-01T00:00, 2024-08-07T15:00), fetched 35,217, wrote 35,217")
                .contains("Run 2 SUCCEEDED: [2024-08-07T15:00, 2024-08-07T15:00), fetched 0, wrote 0")
                .contains("holds 35,217 readings");
        assertThat(table(db)).hasSize(ORIGINAL_WINDOW_READINGS);
        assertThat(distinctKeys(db)).isEqualTo(ORIGINAL_WINDOW_READINGS);

        assertThat(run("pipeline", "--db", db.toString(), "--history")).isZero();
        assertThat(cli.out().lines().skip(1))
                .hasSize(2)
                .allMatch(line -> line.contains("CATCH_UP") && line.contains("SUCCEEDED"));
    }

    @Test
    void windowTakesAirflowsDataIntervalAndStoresExactlyThoseHours() throws SQLException {
        Path db = dir.resolve("airflow.duckdb");
        String interval = "2024-08-07T13:00:00+00:00/2024-08-07T14:00:00+00:00";

        assertThat(pipeline(db, "--window", interval)).as(cli.err()).isZero();
        assertThat(pipeline(db, "--window", "2024-08-07T13/2024-08-07T14")).isZero();

        assertThat(table(db))
                .hasSize(39)
                .allSatisfy((key, value) -> assertThat(key).endsWith("2024-08-07T13:00"));
        assertThat(cli.err())
                .contains("Run 1 SUCCEEDED: [2024-08-07T13:00, 2024-08-07T14:00), fetched 39, wrote 39")
                .contains("Run 2 SUCCEEDED: [2024-08-07T13:00, 2024-08-07T14:00), fetched 39, wrote 0");
    }

    @Test
    void legacyPerHourRouteGivesTheSameTableAsTheBulkRoute() throws SQLException {
        Path bulk = dir.resolve("bulk.duckdb");
        Path legacy = dir.resolve("legacy.duckdb");

        assertThat(pipeline(bulk, "--since", "2024-08-06", "--once"))
                .as(cli.err())
                .isZero();
        assertThat(pipeline(legacy, "--legacy", "--since", "2024-08-06", "--once"))
                .as(cli.err())
                .isZero();

        // The per-hour route answers a bare count: no anomaly flag, so compare status and visits.
        Map<String, String> viaLegacy = withoutAnomaly(table(legacy));
        Map<String, String> viaBulk = withoutAnomaly(table(bulk));
        assertThat(viaLegacy).hasSize(39 * 39);
        assertThat(viaLegacy.entrySet().stream().filter(e -> !e.getValue().equals(viaBulk.get(e.getKey()))))
                .as("readings that differ")
                .isEmpty();
    }

    @Test
    void badArgumentsGiveOneLineAndExitCodeTwo() {
        String db = dir.resolve("bad.duckdb").toString();

        assertThat(run(Cli.words(
                        "pipeline --api {} --db {} --window 2024-08-07T13:30/2024-08-07T14", api(SERVERS.clean()), db)))
                .isEqualTo(2);
        assertThat(run("pipeline", "--db", db, "--once")).isEqualTo(2);
        assertThat(run("pipeline", "--simulate", "--db", db, "--every", "soon")).isEqualTo(2);
        assertThat(run("pipeline", "--simulate", "--db", db, "--once", "--history"))
                .isEqualTo(2);

        assertThat(cli.err().lines())
                .hasSize(4)
                .allMatch(line -> line.startsWith("pipeline: "))
                .anyMatch(line -> line.contains("must be a whole hour"))
                .anyMatch(line -> line.contains("--api URL or --simulate"))
                .anyMatch(line -> line.contains("1h or 30m"))
                .anyMatch(line -> line.contains("mutually exclusive"));
        assertThat(dir.resolve("bad.duckdb")).doesNotExist();
    }

    @Test
    void aCatchUpToTheYear2999IsRefusedBeforeItsFirstFetchAndLoggedFailed() throws SQLException {
        Path db = dir.resolve("far.duckdb");

        int code = run("pipeline", "--simulate", "--db", db.toString(), "--now", "2999-01-01", "--once");

        assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
        assertThat(cli.err().lines())
                .singleElement()
                .asString()
                .startsWith("pipeline: Pipeline run 1 failed: the run would fetch ")
                .matches(".* readings \\(\\[2014-01-01T00:00, 2999-01-01T00:00\\)\\), about [0-9.]+ [kMGTPE]B to"
                        + " store \\([0-9.]+ [kMGTPE]?B free in "
                        + Pattern.quote(dir.toAbsolutePath().toString())
                        + "\\), more than the pipeline's limit of 100,000,000");
        try (Warehouse warehouse = Warehouse.open(db)) {
            assertThat(Pipeline.history(warehouse, 10)).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                assertThat(run.written()).isZero();
            });
        }
    }

    @Test
    void aMinuteOutsideTheHourIsOneLineNamingTheOptionAndCreatesNoDatabase() {
        Path db = dir.resolve("data/sensors.duckdb");

        int code = run("pipeline", "--simulate", "--db", db.toString(), "--every", "1h", "--at-minute", "75");

        assertThat(code).isEqualTo(SensorsCli.EXIT_USAGE);
        assertThat(cli.err().lines()).containsExactly("pipeline: --at-minute must be 0 to 59, not 75");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTruncatedDatabaseFailsOnceInOneLineAndIsNotWritten() throws Exception {
        Path whole = dir.resolve("whole.duckdb");
        assertThat(run(Cli.words("pipeline --simulate --db {} --since 2024-07-01 --now 2024-07-08 --once", whole)))
                .as(cli.err())
                .isZero();
        Path cut = dir.resolve("cut.duckdb");
        try (var in = Files.newInputStream(whole)) {
            Files.write(cut, in.readNBytes(300_000));
        }
        cli.clearErr();

        int code = run("pipeline", "--simulate", "--db", cut.toString(), "--now", "2024-07-09", "--once");

        assertThat(code).isEqualTo(SensorsCli.EXIT_FAILURE);
        assertThat(cli.err().lines())
                .singleElement()
                .asString()
                .startsWith("pipeline: Pipeline run FAILED before it started: Cannot open the database " + cut
                        + ": the file is truncated");
        assertThat(cut).hasSize(300_000);
        assertThat(dir.resolve("cut.duckdb.views")).doesNotExist();
    }

    @Test
    void simulatedPipelineNeedsNoServer() throws SQLException {
        Path db = dir.resolve("simulated.duckdb");

        int code = run(Cli.words(
                "pipeline --simulate --model classic --db {} --since 2024-08-01 --now 2024-08-02 --export {} --once",
                db,
                dir.resolve("views")));

        assertThat(code).as(cli.err()).isZero();
        assertThat(table(db)).hasSize(39 * 24);
        assertThat(dir.resolve("views/store_daily/month=2024-08/store_daily.csv"))
                .isRegularFile();
        assertThat(dir.resolve("views/sensor_hourly/day=2024-08-01/sensor_hourly.parquet"))
                .isRegularFile();
    }

    @Test
    void lookbackFetchWithAChangedValueReplacesIt() throws SQLException {
        Path db = dir.resolve("lookback.duckdb");
        LocalDateTime nine = JULY_1.plusHours(9);
        LocalDateTime two = JULY_1.plusHours(14);
        // A second server whose values differ everywhere, as a source that corrected its counts.
        try (TrafficApiServer corrections = TrafficApiServer.start(ApiServerConfig.builder()
                        .port(0)
                        .model(new FootfallModel(7))
                        .now(two)
                        .build());
                HttpTrafficClient classic =
                        HttpTrafficClient.create(SERVERS.clean().uri());
                HttpTrafficClient corrected = HttpTrafficClient.create(corrections.uri());
                Warehouse warehouse = Warehouse.open(db)) {
            Pipeline.builder(classic, warehouse).build().ingest(HourWindow.of(JULY_1, two.minusHours(2)));
            PipelineRun run = Pipeline.builder(corrected, warehouse)
                    .lookbackHours(3)
                    .build()
                    .catchUp(two);

            assertThat(run.window()).isEqualTo(HourWindow.of(nine, two));
            assertThat(run.fetched()).isEqualTo(39 * 5);
            assertThat(run.written()).isGreaterThan(39 * 2);
        }
        Map<String, String> stored = table(db);
        assertThat(stored).hasSize(39 * 14);
        expected(new ClassicModel(), HourWindow.of(JULY_1, nine))
                .forEach((key, value) -> assertThat(stored).containsEntry(key, value));
        expected(new FootfallModel(7), HourWindow.of(nine, two))
                .forEach((key, value) -> assertThat(stored).containsEntry(key, value));
    }

    @Test
    void injectedFailuresAndCutStreamsStillGiveTheExactTableWithRetriesInTheRunLog() throws SQLException {
        Path reference = dir.resolve("reference.duckdb");
        Path db = dir.resolve("faulty.duckdb");
        HourWindow window = HourWindow.of(JULY_1, JULY_1.plusDays(10));
        try (HttpTrafficClient client = HttpTrafficClient.create(SERVERS.clean().uri());
                Warehouse warehouse = Warehouse.open(reference)) {
            Pipeline.builder(client, warehouse).build().ingest(window);
        }
        // One attempt per request: every injected failure reaches the pipeline, which retries the chunk.
        FetchConfig once = FetchConfig.builder().maxAttempts(1).build();
        PipelineRun run;
        try (HttpTrafficClient client =
                        HttpTrafficClient.create(SERVERS.faulty().uri(), once);
                Warehouse warehouse = Warehouse.open(db)) {
            run = Pipeline.builder(client, warehouse)
                    .chunkHours(24)
                    .retry(new RetryPolicy(30, Duration.ofMillis(1), 2, Duration.ofMillis(20)))
                    .build()
                    .ingest(window);
        }

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempts()).isGreaterThan(1);
        assertThat(run.fetched()).isEqualTo(39 * 240);
        assertThat(table(db)).isEqualTo(table(reference)).hasSize(39 * 240);

        // And through the command, whose client retries by itself.
        int code = run(Cli.words(
                "pipeline --api {} --db {} --since 2024-07-01 --chunk-hours 48 --once",
                api(SERVERS.faulty()),
                dir.resolve("cli.duckdb")));
        assertThat(code).as(cli.err()).isZero();
        Map<String, String> cli = table(dir.resolve("cli.duckdb"));
        assertThat(cli).hasSize(ORIGINAL_WINDOW_READINGS);
    }

    @Test
    @Tag("crash")
    void processKilledAtRandomInstantsDuringIngestAndRerunEndsWithTheSameTable() throws Exception {
        Path reference = dir.resolve("reference.duckdb");
        try (HttpTrafficClient client = HttpTrafficClient.create(SERVERS.clean().uri());
                Warehouse warehouse = Warehouse.open(reference)) {
            Pipeline.builder(client, warehouse).since(JULY_1).build().catchUp(NOW);
        }
        Path db = dir.resolve("killed.duckdb");
        List<String> command = childCommand(db);
        int chunks = (903 + CHUNK_HOURS - 1) / CHUNK_HOURS; // 903 complete hours

        Random random = new Random(20240807);
        List<Long> storedAfterKills = new ArrayList<>();
        long done = 0;
        while (storedAfterKills.size() < KILLS && chunks - done > MARGIN_CHUNKS) {
            Process child =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            // Let a random number of chunks commit, then kill at a random instant of the next one.
            int commits = 1 + random.nextInt(3);
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int seen = 0;
                for (String line = lines.readLine(); line != null && seen < commits; line = lines.readLine()) {
                    if (line.contains("committed chunk")) {
                        seen++;
                    }
                }
                Thread.sleep(random.nextInt(60));
                child.destroyForcibly(); // SIGKILL: no hook, no rollback, no flush
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            storedAfterKills.add(checkConsistent(db));
            done = storedAfterKills.get(storedAfterKills.size() - 1) / (39 * CHUNK_HOURS);
        }
        // Each kill lets at most a handful of chunks commit, so the margin leaves room for many.
        assertThat(storedAfterKills).as("kills before the margin").hasSizeGreaterThanOrEqualTo(KILLS / 2);
        System.out.printf("Readings stored after each SIGKILL: %s%n", storedAfterKills);
        Process last = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("last.log").toFile())
                .start();
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue())
                .as(Files.readString(dir.resolve("last.log")))
                .isZero();

        assertThat(table(db)).isEqualTo(table(reference)).hasSize(ORIGINAL_WINDOW_READINGS);
        assertThat(checkConsistent(db)).isEqualTo(ORIGINAL_WINDOW_READINGS);
        // The kills landed mid-ingest: after each, some but not all readings were stored.
        assertThat(storedAfterKills)
                .as("readings stored after each kill")
                .allMatch(n -> n > 0 && n < ORIGINAL_WINDOW_READINGS);
        try (Warehouse warehouse = Warehouse.open(db);
                Warehouse whole = Warehouse.open(reference)) {
            assertThat(Pipeline.history(warehouse, 100))
                    .filteredOn(r -> r.status() == RunStatus.INTERRUPTED)
                    .hasSameSizeAs(storedAfterKills);
            // The chunks defer their views to the run's end: a kill left days waiting, and the
            // next process caught them up. The views are those of the run that was never killed.
            for (View view : View.values()) {
                assertThat(warehouse.query(ViewQuery.of(view)))
                        .as("%s after the kills", view)
                        .isEqualTo(whole.query(ViewQuery.of(view)));
            }
            // And what dashboards read: the published views (kills in a publish: the next test).
            try (PublishedViews published = PublishedViews.open(PublishedViews.folderOf(db))) {
                for (View view : View.values()) {
                    assertThat(published.query(ViewQuery.of(view)))
                            .as("%s published after the kills", view)
                            .isEqualTo(whole.query(ViewQuery.of(view)));
                }
            }
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(path -> path.getFileName().toString()))
                    .as("staging left beside the published views")
                    .noneMatch(name -> name.contains("staging"));
        }
    }

    /**
     * Runs SIGKILLed at random instants after their chunk committed: a first catch-up in its
     * rebuild or its whole publish, then hourly runs in the maintenance of their views (left
     * waiting in the database), in their publish (whose changed days stay marked), or after. Each
     * next run takes up what the last left, and the end equals one run never killed: the readings,
     * the views, the published views, and no staging left.
     */
    @Test
    @Tag("crash")
    void processKilledDuringMaintenanceAndPublishingAndRerunEndsWithTheViewsOfOneRun() throws Exception {
        Path db = dir.resolve("maintained.duckdb");
        LocalDate now = LocalDate.of(2024, 7, 1).plusWeeks(6);
        Random random = new Random(20240812);
        Map<String, Integer> kills = new LinkedHashMap<>(Map.of("maintenance", 0, "publish", 0, "after", 0));
        for (int attempt = 0; attempt < 2; attempt++) {
            // One chunk, so that the kill follows the last commit: the rebuild runs next.
            Kill kill = runKilled(
                    db,
                    COMMITTED,
                    random.nextInt(300),
                    "--since",
                    "2024-07-01",
                    "--chunk-hours",
                    "2000",
                    "--now",
                    now.toString());
            kills.merge(kill.phase(), 1, Integer::sum);
        }
        assertThat(runToTheEnd(db, "--since", "2024-07-01", "--now", now.toString()))
                .isZero();
        // An hourly run let end (a kill too late to land) shows when its maintenance and publish end.
        now = now.plusDays(1);
        Kill paced = runKilled(db, COMMITTED, 60_000, "--now", now.toString());
        assertThat(paced.phase()).isEqualTo("after");
        for (int attempt = 0; attempt < 24 && (kills.get("maintenance") < 5 || kills.get("publish") < 3); attempt++) {
            // A day more each time: a maintenance of a few sensor-days, not a rebuild. The kills
            // aim at random instants of the maintenance (from the chunk's commit) or of the
            // publish (from the maintenance's end), by the pace of the last run let end.
            now = now.plusDays(1);
            boolean inPublish = attempt % 2 == 1;
            long span = inPublish ? paced.publishedMs() - paced.maintainedMs() : paced.maintainedMs();
            Kill kill = runKilled(
                    db,
                    inPublish ? MAINTAINED : COMMITTED,
                    random.nextInt((int) Math.max(1, span)),
                    "--now",
                    now.toString());
            kills.merge(kill.phase(), 1, Integer::sum);
            if (kill.phase().equals("after")) {
                paced = kill;
            }
        }
        System.out.printf("SIGKILLs after a chunk's commit, by what they interrupted: %s%n", kills);
        assertThat(kills.get("maintenance")).as("kills in a maintenance").isGreaterThanOrEqualTo(5);
        assertThat(kills.get("publish")).as("kills in a publish").isGreaterThanOrEqualTo(3);
        assertThat(runToTheEnd(db, "--now", now.toString())).isZero();

        Path reference = dir.resolve("one-run.duckdb");
        assertThat(runToTheEnd(reference, "--since", "2024-07-01", "--now", now.toString()))
                .isZero();
        assertThat(table(db)).isEqualTo(table(reference));
        try (Warehouse warehouse = Warehouse.open(db);
                Warehouse once = Warehouse.open(reference);
                PublishedViews published = PublishedViews.open(PublishedViews.folderOf(db))) {
            for (View view : View.values()) {
                List<?> expected = once.query(ViewQuery.of(view));
                assertThat(warehouse.query(ViewQuery.of(view))).as("%s", view).isEqualTo(expected);
                assertThat(published.query(ViewQuery.of(view)))
                        .as("%s published", view)
                        .isEqualTo(expected);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(path -> dir.relativize(path).toString()))
                    .as("staging left by the kills")
                    .noneMatch(name -> name.contains("staging"));
        }
    }

    /**
     * What a SIGKILL interrupted, and when the run's steps ended, in milliseconds after its
     * chunk's commit (-1: not reached).
     */
    private record Kill(String phase, long maintainedMs, long publishedMs) {}

    /** The line of a run's chunk committed; its views are maintained and published next. */
    private static final List<String> COMMITTED = List.of("committed chunk");

    /** The lines of a maintenance's end, or a rebuild's: the views commit, then are published. */
    private static final List<String> MAINTAINED = List.of("Maintained the views", "Rebuilt the views");

    /** The line of a publish's end. */
    private static final List<String> PUBLISHED = List.of("Published generation");

    /**
     * Runs a simulated pipeline into {@code db} and SIGKILLs it (no hook, no rollback) {@code
     * delay} milliseconds after it printed one of the {@code trigger} lines after its chunk's
     * commit.
     *
     * @return what the kill interrupted (the maintenance after the commit, or the publish after
     *     that; "after" for a later instant or a run that ended first) and when each step ended
     */
    private static Kill runKilled(Path db, List<String> trigger, int delay, String... options) throws Exception {
        Process child = new ProcessBuilder(simulatedRun(db, options))
                .redirectErrorStream(true)
                .start();
        // Each line with when it came, read on a thread of its own while this one waits to kill.
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        List<Long> arrived = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch triggered = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                boolean committed = false;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    arrived.add(System.nanoTime());
                    output.add(line);
                    committed |= holds(line, COMMITTED);
                    if (committed && holds(line, trigger)) {
                        triggered.countDown();
                    }
                }
            } catch (IOException e) {
                output.add("(output unreadable: " + e + ")");
            }
        });
        reader.start();
        boolean killed = false;
        while (!killed && reader.isAlive()) {
            if (triggered.await(10, TimeUnit.MILLISECONDS)) {
                // The handle's kill leaves the output open to read on, where Process's closes it.
                killed = !child.waitFor(delay, TimeUnit.MILLISECONDS)
                        && child.toHandle().destroyForcibly();
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killed || child.exitValue() == 0)
                .as("a run killed or ended well: %s", output)
                .isTrue();
        int commit = indexOf(output, 0, COMMITTED);
        int maintained = commit < 0 ? -1 : indexOf(output, commit, MAINTAINED);
        int published = maintained < 0 ? -1 : indexOf(output, maintained, PUBLISHED);
        return new Kill(
                !killed || (commit >= 0 && maintained >= 0 && published >= 0)
                        ? "after"
                        : maintained < 0 ? "maintenance" : "publish",
                millisBetween(arrived, commit, maintained),
                millisBetween(arrived, commit, published));
    }

    /** @return the milliseconds between the arrivals of two lines, or -1 when either is missing */
    private static long millisBetween(List<Long> arrived, int first, int second) {
        return first < 0 || second < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(arrived.get(second) - arrived.get(first));
    }

    /** @return the command of one simulated pipeline run into {@code db}, its steps logged */
    private static List<String> simulatedRun(Path db, String... options) {
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--no-alerts", "--once"));
        return CliProcess.simulatedPipeline(List.of(SQL_DEBUG), db, arguments.toArray(String[]::new));
    }

    /** @return the exit code of a simulated pipeline run into {@code db}, to its end */
    private int runToTheEnd(Path db, String... options) throws IOException, InterruptedException {
        Path log = dir.resolve(db.getFileName() + ".log");
        Process child = new ProcessBuilder(simulatedRun(db, options))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() != 0) {
            System.out.println(Files.readString(log));
        }
        return child.exitValue();
    }

    /** @return the index of the first line from {@code from} holding one of the texts, or -1 */
    private static int indexOf(List<String> lines, int from, List<String> texts) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (holds(lines.get(i), texts)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean holds(String line, List<String> texts) {
        return texts.stream().anyMatch(line::contains);
    }

    @Test
    @Tag("crash")
    void sigtermDuringARunFinishesTheChunkAndLogsTheRunStopped() throws Exception {
        Path db = dir.resolve("stopped.duckdb");
        Process child =
                new ProcessBuilder(childCommand(db)).redirectErrorStream(true).start();
        // SIGTERM, as systemd or Kubernetes send.
        String output = CliProcess.outputSignalledAt(child, line -> line.contains("committed chunk"));
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("Run 1 STOPPED");
        long stored = checkConsistent(db);
        assertThat(stored).isPositive().isLessThan(ORIGINAL_WINDOW_READINGS);
        try (Warehouse warehouse = Warehouse.open(db)) {
            assertThat(Pipeline.history(warehouse, 10)).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
                assertThat(run.written()).isEqualTo(stored);
            });
        }
    }

    @Test
    void secondProcessOnTheSameDatabaseGetsOneClearLine() throws Exception {
        Path db = dir.resolve("shared.duckdb");
        Process holder = new ProcessBuilder(pipelineProcess(db, "2024-08-01", "--every", "1h"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("holder.log").toFile())
                .start();
        try {
            waitFor(dir.resolve("holder.log"), "Run 1 SUCCEEDED");

            int code = pipeline(db, "--once");

            assertThat(code).isEqualTo(1);
            assertThat(cli.err().lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith("pipeline: Cannot open " + db)
                            .contains("the database is in use by another process (PID " + holder.pid() + ")"));
            assertThatThrownBy(() -> Warehouse.open(db)).isInstanceOf(DatabaseInUseException.class);
        } finally {
            holder.destroy(); // SIGTERM: the shutdown hook stops the scheduler and closes the database
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Warehouse warehouse = Warehouse.open(db)) {
            assertThat(Pipeline.history(warehouse, 10))
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        }
    }

    /** Runs the pipeline command from the clean server into {@code db}. */
    private int pipeline(Path db, String... options) {
        List<String> args = new ArrayList<>(List.of("pipeline", "--api", api(SERVERS.clean()), "--db", db.toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private List<String> childCommand(Path db) {
        return pipelineProcess(db, "2024-07-01", "--chunk-hours", Integer.toString(CHUNK_HOURS), "--once");
    }

    /** The command line of a child process running the pipeline from the clean server into {@code db}. */
    private List<String> pipelineProcess(Path db, String since, String... options) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("pipeline", "--api", api(SERVERS.clean()), "--db", db.toString(), "--since", since));
        command.addAll(List.of(options));
        return command;
    }

    private static List<String> javaCommand() {
        return CliProcess.command(
                List.of("-Dorg.slf4j.simpleLogger.log.org.sensorsandmore.sql.pipeline.Pipeline=debug"));
    }

    private static void waitFor(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No '" + text + "' in " + log + ": " + Files.readString(log));
    }

    /**
     * After a kill: no duplicate key, and each store holds exactly its sensors' readings for every
     * hour from July 1 up to its watermark and none after (no gap, nothing uncommitted).
     *
     * @return the readings stored
     */
    private static long checkConsistent(Path db) throws SQLException {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement statement = connection.createStatement()) {
            long count = single(statement, "SELECT COUNT(*) FROM readings");
            long keys = single(
                    statement, "SELECT COUNT(*) FROM (SELECT DISTINCT store_id, sensor_id, epoch_hour FROM readings)");
            assertThat(keys).as("distinct keys").isEqualTo(count);
            Map<String, LocalDateTime> marks = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT store, next_hour FROM pipeline_watermarks")) {
                while (rs.next()) {
                    marks.put(rs.getString(1), rs.getObject(2, LocalDateTime.class));
                }
            }
            long expected = 0;
            for (var store : StoreNetwork.original().stores()) {
                LocalDateTime mark = marks.get(store.name());
                long hours = mark == null ? 0 : java.time.temporal.ChronoUnit.HOURS.between(JULY_1, mark);
                expected += hours * store.sensorCount();
                long stored = single(
                        statement,
                        "SELECT COUNT(*) FROM readings JOIN stores USING (store_id) WHERE store = '" + store.name()
                                + "'");
                assertThat(stored)
                        .as("readings of " + store.name() + " up to " + mark)
                        .isEqualTo(hours * store.sensorCount());
            }
            assertThat(count).isEqualTo(expected);
            return count;
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stored reading, by key, with its status, visits and anomaly flag. */
    private static Map<String, String> table(Path db) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT store, sensor_id, epoch_hour, status, visits, anomaly"
                        + " FROM readings JOIN stores USING (store_id) ORDER BY store, sensor_id, epoch_hour")) {
            while (rs.next()) {
                rows.put(
                        rs.getString(1) + "/" + rs.getInt(2) + "/" + Hours.ofEpochHour(rs.getInt(3)),
                        rs.getInt(4) + ":" + rs.getObject(5) + ":" + rs.getBoolean(6));
            }
        }
        return rows;
    }

    private static Map<String, String> withoutAnomaly(Map<String, String> table) {
        Map<String, String> rows = new LinkedHashMap<>();
        table.forEach((key, value) -> rows.put(key, value.substring(0, value.lastIndexOf(':'))));
        return rows;
    }

    private static long distinctKeys(Path db) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement statement = connection.createStatement()) {
            return single(
                    statement, "SELECT COUNT(*) FROM (SELECT DISTINCT store_id, sensor_id, epoch_hour FROM readings)");
        }
    }

    /** What the model gives for a window, keyed and valued as {@link #table}. */
    private static Map<String, String> expected(org.sensorsandmore.core.model.TrafficModel model, HourWindow window) {
        Map<String, String> rows = new LinkedHashMap<>();
        org.sensorsandmore.core.model.ReadingGenerator.of(model, StoreNetwork.original())
                .generate(window, batch -> {
                    for (int i = 0; i < batch.size(); i++) {
                        int status = batch.status(i).ordinal();
                        Object visits = batch.status(i) == org.sensorsandmore.core.ReadingStatus.FAILED
                                ? null
                                : batch.visits(i);
                        rows.put(
                                batch.storeName(i) + "/" + batch.sensorId(i) + "/" + batch.hour(i),
                                status + ":" + visits + ":" + batch.anomaly(i));
                    }
                });
        return rows;
    }
}
