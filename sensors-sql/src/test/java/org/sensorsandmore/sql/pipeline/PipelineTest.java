package org.sensorsandmore.sql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.AlertReport;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.testing.ExportedFiles;
import org.sensorsandmore.sql.views.FailurePolicy;

/** The run logic (planning, chunks, watermarks, retries, stop) over an in-memory warehouse. */
class PipelineTest {
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);

    @TempDir
    Path dir;

    private final Warehouse warehouse = Warehouse.inMemory();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-08-07T13:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final TrafficClient classic = SimulatedClient.of(new ClassicModel(), StoreNetwork.original());

    private Pipeline.Builder pipeline(TrafficClient client) {
        return Pipeline.builder(client, warehouse)
                .clock(clock)
                .retry(Pipeline.DEFAULT_RETRY, sleeps::add)
                .since(JULY_1);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** @return how many readings the warehouse holds */
    private long readings() {
        return warehouse.coverage().stream().mapToLong(StoreCoverage::readings).sum();
    }

    /** @return the watermarks as stored in the warehouse */
    private Map<String, LocalDateTime> watermarks() {
        return warehouse.read(PipelineTables::watermarks);
    }

    /** @return how many readings of a store the warehouse holds for an hour, all sensors */
    private long readingsAt(String store, LocalDateTime hour) {
        return warehouse.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM readings r"
                    + " JOIN stores s USING (store_id) WHERE s.store = ? AND r.epoch_hour = ?")) {
                statement.setString(1, store);
                statement.setInt(2, Hours.toEpochHour(hour));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** @return one stored reading as {@code status:visits}, or null when none is stored */
    private String reading(String store, int sensor, LocalDateTime hour) {
        return warehouse.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT CASE r.status WHEN 0 THEN 'OK'"
                    + " WHEN 1 THEN 'FAILED' ELSE 'NOT_OPEN' END || ':' || COALESCE(CAST(r.visits AS VARCHAR), '0')"
                    + " FROM readings r JOIN stores s USING (store_id)"
                    + " WHERE s.store = ? AND r.sensor_id = ? AND r.epoch_hour = ?")) {
                statement.setString(1, store);
                statement.setInt(2, sensor);
                statement.setInt(3, Hours.toEpochHour(hour));
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Test
    void catchUpStoresEveryCompleteHourOfEveryStoreFromTheStartDate() {
        PipelineRun run = pipeline(classic).build().catchUp(NOW);

        assertThat(readings()).isEqualTo(39 * 903);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.fetched()).isEqualTo(35_217);
        assertThat(run.written()).isEqualTo(35_217);
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(run.window()).isEqualTo(HourWindow.of(JULY_1, NOW));
        assertThat(watermarks())
                .hasSize(5)
                .allSatisfy((name, mark) -> assertThat(mark).isEqualTo(NOW));
    }

    @Test
    void secondCatchUpWritesNothing() {
        Pipeline pipeline = pipeline(classic).build();
        pipeline.catchUp(NOW);

        PipelineRun again = pipeline.catchUp(NOW);

        assertThat(again.fetched()).isZero();
        assertThat(again.written()).isZero();
        assertThat(again.window().isEmpty()).isTrue();
        assertThat(readings()).isEqualTo(35_217);
    }

    @Test
    void catchUpAtAnInstantEndsEachStoreAtItsOwnLocalHour() {
        // 13:30 UTC is 15:30 in Paris (summer time) and 14:30 in London.
        pipeline(classic).build().catchUp(Instant.parse("2024-08-07T13:30:00Z"));

        assertThat(watermarks().get("Paris")).isEqualTo(LocalDateTime.of(2024, 8, 7, 15, 0));
        assertThat(watermarks().get("London")).isEqualTo(LocalDateTime.of(2024, 8, 7, 14, 0));
    }

    @Test
    void storeThatOpensLaterStartsAtItsOpening() {
        Store old = Store.builder("Old").zone(ZoneId.of("UTC")).sensors(2).build();
        Store later = Store.builder("Later")
                .zone(ZoneId.of("UTC"))
                .opened(LocalDateTime.of(2024, 7, 3, 8, 0))
                .sensors(3)
                .build();
        TrafficClient client = SimulatedClient.of(new ClassicModel(), StoreNetwork.of(old, later));

        pipeline(client).build().catchUp(LocalDateTime.of(2024, 7, 4, 0, 0));

        assertThat(readings()).isEqualTo(2 * 72 + 3 * 16);
        assertThat(readingsAt("Later", LocalDateTime.of(2024, 7, 3, 7, 0))).isZero();
    }

    @Test
    void lookbackFetchesTheLastHoursAgainAndPicksUpACorrection() {
        CorrectingClient client = new CorrectingClient(classic);
        Pipeline pipeline = pipeline(client).lookbackHours(3).build();
        pipeline.catchUp(NOW.minusHours(1));
        client.correction = "Paris/12/2024-08-07T13:00";

        PipelineRun run = pipeline.catchUp(NOW);

        // Three hours again plus the new one, for 39 sensors; one corrected, 39 new.
        assertThat(run.fetched()).isEqualTo(39 * 4);
        assertThat(run.written()).isEqualTo(39 + 1);
        assertThat(reading("Paris", 12, LocalDateTime.of(2024, 8, 7, 13, 0))).isEqualTo("OK:424242");
    }

    @Test
    void runIsCutIntoChunksOfTheGivenLength() {
        RecordingClient client = new RecordingClient(classic);
        pipeline(client).chunkHours(24).build().catchUp(NOW);

        assertThat(client.windows).hasSize(38);
        assertThat(client.windows.get(0)).isEqualTo(HourWindow.of(JULY_1, JULY_1.plusDays(1)));
        assertThat(client.windows.get(37)).isEqualTo(HourWindow.of(LocalDateTime.of(2024, 8, 7, 0, 0), NOW));
    }

    @Test
    void failedChunkIsRetriedWithExponentialBackOffAndCountedInAttempts() {
        FailingClient client = new FailingClient(classic, window -> true);
        client.failuresLeft.set(2);

        PipelineRun run = pipeline(client)
                .retry(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1)))
                .build()
                .catchUp(NOW);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(readings()).isEqualTo(35_217);
    }

    @Test
    void retriesTheClientReportsAreCountedInAttemptsWithTheChunkRetries() {
        // A client that retries each request twice by itself, as an HTTP client does, and tells the sink.
        TrafficClient retrying = new Delegate(classic) {
            @Override
            public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
                sink.retrying(window);
                sink.retrying(window);
                super.readings(window, stores, sink);
            }
        };
        FailingClient client = new FailingClient(retrying, window -> true);
        client.failuresLeft.set(1);

        PipelineRun run = pipeline(client).chunkHours(24 * 7).build().catchUp(NOW);

        // Six chunks, the first failed once before its retry: 1 + 1 chunk retry + 6 × 2 client retries.
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempts()).isEqualTo(1 + 1 + 6 * 2);
        assertThat(pipeline(classic).build().history(1).get(0).attempts()).isEqualTo(14);
    }

    @Test
    void chunkThatKeepsFailingFailsTheRunKeepsEarlierChunksAndTheNextRunCompletes() {
        LocalDateTime breaks = LocalDateTime.of(2024, 7, 15, 0, 0);
        FailingClient client =
                new FailingClient(classic, window -> !window.from().isBefore(breaks));
        client.failuresLeft.set(Integer.MAX_VALUE);
        Pipeline pipeline = pipeline(client).chunkHours(24 * 7).build();

        assertThatThrownBy(() -> pipeline.catchUp(NOW))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("[2024-07-15T00:00, 2024-07-22T00:00)")
                .hasMessageContaining("source down");
        PipelineRun failed = pipeline.history(1).get(0);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(Pipeline.DEFAULT_RETRY.maxAttempts());
        assertThat(failed.error()).contains("source down");
        assertThat(failed.written()).isEqualTo(39 * 14 * 24);
        assertThat(watermarks().values()).containsOnly(breaks);

        client.failuresLeft.set(0);
        PipelineRun next = pipeline.catchUp(NOW);

        assertThat(next.written()).isEqualTo(35_217 - 39 * 14 * 24);
        assertThat(readings()).isEqualTo(35_217);
    }

    @Test
    void stopRequestedDuringARunFinishesTheChunkAndLeavesTheRest() {
        Pipeline[] holder = new Pipeline[1];
        TrafficClient stopping = new Delegate(classic) {
            @Override
            public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
                holder[0].requestStop();
                super.readings(window, stores, sink);
            }
        };
        holder[0] = pipeline(stopping).chunkHours(24).build();

        PipelineRun run = holder[0].catchUp(NOW);

        assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(readings()).isEqualTo(39 * 24);
        assertThat(watermarks().values()).containsOnly(JULY_1.plusDays(1));
    }

    @Test
    void runsNeverOverlap() {
        Pipeline[] holder = new Pipeline[1];
        List<Throwable> refused = new ArrayList<>();
        TrafficClient reentrant = new Delegate(classic) {
            @Override
            public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
                try {
                    holder[0].catchUp(NOW);
                } catch (PipelineBusyException e) {
                    refused.add(e);
                }
                super.readings(window, stores, sink);
            }
        };
        holder[0] = pipeline(reentrant).build();

        holder[0].catchUp(NOW);

        assertThat(refused).isNotEmpty().allMatch(e -> e.getMessage().contains("already in progress"));
        assertThat(Pipeline.history(warehouse, 10)).hasSize(1);
    }

    @Test
    void explicitWindowAfterAGapDoesNotMoveTheWatermark() {
        Pipeline pipeline = pipeline(classic).build();
        pipeline.ingest(HourWindow.of(JULY_1, JULY_1.plusDays(1)));
        assertThat(watermarks().values()).containsOnly(JULY_1.plusDays(1));

        pipeline.ingest(HourWindow.of(JULY_1.plusDays(3), JULY_1.plusDays(4)));
        assertThat(watermarks().values()).containsOnly(JULY_1.plusDays(1));

        pipeline.ingest(HourWindow.of(JULY_1.plusDays(1), JULY_1.plusDays(2)));
        assertThat(watermarks().values()).containsOnly(JULY_1.plusDays(2));

        PipelineRun catchUp = pipeline.catchUp(JULY_1.plusDays(5));
        assertThat(catchUp.window()).isEqualTo(HourWindow.of(JULY_1.plusDays(2), JULY_1.plusDays(5)));
        assertThat(catchUp.written()).isEqualTo(39 * 48);
        assertThat(readings()).isEqualTo(39 * 24 * 5);
    }

    @Test
    void explicitWindowIsIdempotent() {
        Pipeline pipeline = pipeline(classic).build();
        HourWindow day = HourWindow.of(JULY_1, JULY_1.plusDays(1));

        assertThat(pipeline.ingest(day).written()).isEqualTo(39 * 24);
        PipelineRun again = pipeline.ingest(day);

        assertThat(again.fetched()).isEqualTo(39 * 24);
        assertThat(again.written()).isZero();
        assertThat(again.kind()).isEqualTo(PipelineRun.Kind.WINDOW);
    }

    @Test
    void anExportThatFailsFailsTheRunAndTheAlertsBesideItAreEvaluatedOnce() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("views"), "a file");
        List<AlertReport> reports = new ArrayList<>();
        Pipeline pipeline = pipeline(classic)
                .exportTo(notAFolder)
                .alerts(AlertSettings.builder().build())
                .onAlerts(reports::add)
                .build();

        assertThatThrownBy(() -> pipeline.catchUp(NOW))
                .isInstanceOf(PipelineException.class)
                .hasMessageEndingWith("failed: Cannot write the views into " + notAFolder + ": " + notAFolder
                        + ": a file is in the way");
        PipelineRun failed = pipeline.history(1).get(0);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.written()).as("the readings stand").isPositive();
        assertThat(reports).hasSize(1);
        assertThat(notAFolder).hasContent("a file");
    }

    @Test
    void eachRunRewritesTheExportedFilesOfTheDaysItChangedOnly() throws IOException {
        Path views = dir.resolve("views");
        Pipeline pipeline = pipeline(classic).exportTo(views).build();

        pipeline.catchUp(NOW.minusHours(1)); // the first update writes every partition
        Map<Path, FileTime> first = ExportedFiles.times(views);
        assertThat(first.keySet())
                .contains(
                        Path.of("sensor_hourly/day=2024-08-07/sensor_hourly.csv"),
                        Path.of("store_hourly/day=2024-08-01/store_hourly.parquet"),
                        Path.of("store_daily/month=2024-08/store_daily.csv"))
                .allMatch(path ->
                        path.getFileName().toString().startsWith(path.getName(0).toString()));
        ExportedFiles.stamp(views);
        pipeline.catchUp(NOW.minusHours(1)); // wrote nothing: nothing rewritten
        assertThat(ExportedFiles.times(views).values()).containsOnly(ExportedFiles.STAMP);
        pipeline.catchUp(NOW); // wrote the next hour: its day's and its month's files only

        Map<Path, FileTime> after = ExportedFiles.times(views);
        assertThat(after.keySet()).isEqualTo(first.keySet());
        assertThat(after.entrySet().stream()
                        .filter(file -> !file.getValue().equals(ExportedFiles.STAMP))
                        .map(file -> file.getKey().getParent().getFileName().toString())
                        .distinct())
                .containsExactlyInAnyOrder("day=2024-08-07", "month=2024-08");
        // What the updates left equals a first update of another folder, byte for byte.
        Path whole = dir.resolve("whole");
        warehouse.exportChanges(whole, FailurePolicy.EXCLUDE, EnumSet.allOf(ExportFormat.class));
        for (Path file : after.keySet()) {
            assertThat(Files.mismatch(views.resolve(file), whole.resolve(file)))
                    .as("%s", file)
                    .isEqualTo(-1L);
        }
        assertThat(ExportedFiles.times(whole).keySet()).isEqualTo(after.keySet());
    }

    @Test
    void runLeftRunningByADeadProcessIsMarkedInterrupted() {
        warehouse.inTransaction(transaction ->
                PipelineTables.startRun(transaction.connection(), PipelineRun.Kind.CATCH_UP, clock.instant()));

        pipeline(classic).build().catchUp(NOW);

        assertThat(Pipeline.history(warehouse, 2))
                .extracting(PipelineRun::status)
                .containsExactly(RunStatus.SUCCEEDED, RunStatus.INTERRUPTED);
    }

    @Test
    void onlyTheChosenStoresAreFetched() {
        pipeline(classic).stores(List.of("Roma", "Madrid")).build().catchUp(NOW);

        assertThat(readings()).isEqualTo(5 * 903);
        assertThat(watermarks()).containsOnlyKeys("Roma", "Madrid");
    }

    /** Hands everything to another client. */
    private static class Delegate implements TrafficClient {
        private final TrafficClient delegate;

        Delegate(TrafficClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public StoreNetwork network() {
            return delegate.network();
        }

        @Override
        public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
            delegate.readings(window, stores, sink);
        }
    }

    /** Records the window of each request that the source answered in full, in order. */
    private static final class RecordingClient extends Delegate {
        final List<HourWindow> windows = new ArrayList<>();

        RecordingClient(TrafficClient delegate) {
            super(delegate);
        }

        @Override
        public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
            super.readings(window, stores, sink);
            windows.add(window);
        }
    }

    /** Fails the windows a predicate picks while it has failures left, as a flaky source does. */
    private static final class FailingClient extends Delegate {
        final AtomicInteger failuresLeft = new AtomicInteger();
        private final Predicate<HourWindow> fails;

        FailingClient(TrafficClient delegate, Predicate<HourWindow> fails) {
            super(delegate);
            this.fails = fails;
        }

        @Override
        public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
            if (fails.test(window) && failuresLeft.getAndDecrement() > 0) {
                throw new SensorsException("source down for " + window);
            }
            super.readings(window, stores, sink);
        }
    }

    /** Answers one reading with a corrected value, as a source that fixed a late count. */
    private static final class CorrectingClient extends Delegate {
        volatile String correction;

        CorrectingClient(TrafficClient delegate) {
            super(delegate);
        }

        @Override
        public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
            super.readings(window, stores, batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    String key = batch.storeName(i) + "/" + batch.sensorId(i) + "/" + batch.hour(i);
                    if (key.equals(correction)) {
                        batch.setOk(i, 424242, false);
                    }
                }
                sink.accept(batch);
            });
        }
    }
}
