package org.sensorsandmore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;

/** The run logic (planning, chunks, watermarks, retries, stop) over an in-memory store. */
class PipelineTest {
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 8, 7, 15, 0);

    private final MemoryPipelineStore store = new MemoryPipelineStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-08-07T13:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final TrafficClient classic = SimulatedClient.of(new ClassicModel(), StoreNetwork.original());

    private Pipeline.Builder pipeline(TrafficClient client) {
        return Pipeline.builder(client, store).clock(clock).sleeper(sleeps::add).since(JULY_1);
    }

    @Test
    void catchUpStoresEveryCompleteHourOfEveryStoreFromTheStartDate() {
        PipelineRun run = pipeline(classic).build().catchUp(NOW);

        assertThat(store.readings).hasSize(39 * 903);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.fetched()).isEqualTo(35_217);
        assertThat(run.written()).isEqualTo(35_217);
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(run.window()).isEqualTo(HourWindow.of(JULY_1, NOW));
        assertThat(store.watermarks)
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
        assertThat(store.readings).hasSize(35_217);
    }

    @Test
    void catchUpAtAnInstantEndsEachStoreAtItsOwnLocalHour() {
        // 13:30 UTC is 15:30 in Paris (summer time) and 14:30 in London.
        pipeline(classic).build().catchUp(Instant.parse("2024-08-07T13:30:00Z"));

        assertThat(store.watermarks.get("Paris")).isEqualTo(LocalDateTime.of(2024, 8, 7, 15, 0));
        assertThat(store.watermarks.get("London")).isEqualTo(LocalDateTime.of(2024, 8, 7, 14, 0));
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

        assertThat(store.readings).hasSize(2 * 72 + 3 * 16);
        assertThat(store.readings.keySet()).noneMatch(key -> key.startsWith("Later/") && key.contains("2024-07-03T07"));
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
        assertThat(store.readings.get("Paris/12/2024-08-07T13:00")).isEqualTo("OK:424242");
    }

    @Test
    void runIsCutIntoChunksOfTheGivenLength() {
        pipeline(classic).chunkHours(24).build().catchUp(NOW);

        assertThat(store.chunks).hasSize(38);
        assertThat(store.chunks.get(0)).isEqualTo(HourWindow.of(JULY_1, JULY_1.plusDays(1)));
        assertThat(store.chunks.get(37)).isEqualTo(HourWindow.of(LocalDateTime.of(2024, 8, 7, 0, 0), NOW));
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
        assertThat(store.readings).hasSize(35_217);
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
        PipelineRun failed = store.runs(1).get(0);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
        assertThat(failed.error()).contains("source down");
        assertThat(failed.written()).isEqualTo(39 * 14 * 24);
        assertThat(store.watermarks.values()).containsOnly(breaks);

        client.failuresLeft.set(0);
        PipelineRun next = pipeline.catchUp(NOW);

        assertThat(next.written()).isEqualTo(35_217 - 39 * 14 * 24);
        assertThat(store.readings).hasSize(35_217);
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
        assertThat(store.readings).hasSize(39 * 24);
        assertThat(store.watermarks.values()).containsOnly(JULY_1.plusDays(1));
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
        assertThat(store.runs).hasSize(1);
    }

    @Test
    void explicitWindowAfterAGapDoesNotMoveTheWatermark() {
        Pipeline pipeline = pipeline(classic).build();
        pipeline.ingest(HourWindow.of(JULY_1, JULY_1.plusDays(1)));
        assertThat(store.watermarks.values()).containsOnly(JULY_1.plusDays(1));

        pipeline.ingest(HourWindow.of(JULY_1.plusDays(3), JULY_1.plusDays(4)));
        assertThat(store.watermarks.values()).containsOnly(JULY_1.plusDays(1));

        pipeline.ingest(HourWindow.of(JULY_1.plusDays(1), JULY_1.plusDays(2)));
        assertThat(store.watermarks.values()).containsOnly(JULY_1.plusDays(2));

        PipelineRun catchUp = pipeline.catchUp(JULY_1.plusDays(5));
        assertThat(catchUp.window()).isEqualTo(HourWindow.of(JULY_1.plusDays(2), JULY_1.plusDays(5)));
        assertThat(catchUp.written()).isEqualTo(39 * 48);
        assertThat(store.readings).hasSize(39 * 24 * 5);
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
    void exportsAreRefreshedAfterARunThatWroteAndWhenMissing() {
        Path views = Path.of("views");
        Pipeline pipeline = pipeline(classic).exportTo(views).build();

        pipeline.catchUp(NOW.minusHours(1));
        pipeline.catchUp(NOW.minusHours(1));
        pipeline.catchUp(NOW);

        assertThat(store.exports).containsExactly(views, views);
    }

    @Test
    void runLeftRunningByADeadProcessIsMarkedInterrupted() {
        store.startRun(PipelineRun.Kind.CATCH_UP, clock.instant());

        pipeline(classic).build().catchUp(NOW);

        assertThat(store.runs(2))
                .extracting(PipelineRun::status)
                .containsExactly(RunStatus.SUCCEEDED, RunStatus.INTERRUPTED);
    }

    @Test
    void onlyTheChosenStoresAreFetched() {
        pipeline(classic).stores(List.of("Roma", "Madrid")).build().catchUp(NOW);

        assertThat(store.readings).hasSize(5 * 903);
        assertThat(store.watermarks).containsOnlyKeys("Roma", "Madrid");
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
