package org.sensorsandmore.sql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.retry.RetryPolicy;

/** The scheduler's slots, retries and stop, on a fake clock: a day of slots in milliseconds. */
class PipelineSchedulerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-08-07T10:05:00Z"));
    private final List<Instant> runs = new ArrayList<>();

    private static PipelineRun run(Instant at) {
        return new PipelineRun(1, PipelineRun.Kind.CATCH_UP, null, at, at, RunStatus.SUCCEEDED, 0, 0, 1, null);
    }

    @Test
    void nextSlotIsTheChosenMinuteOfTheNextHour() {
        PipelineScheduler scheduler = PipelineScheduler.builder(PipelineSchedulerTest::run)
                .atMinute(30)
                .build();

        assertThat(scheduler.nextSlot(Instant.parse("2024-08-07T10:05:00Z")))
                .isEqualTo(Instant.parse("2024-08-07T10:30:00Z"));
        assertThat(scheduler.nextSlot(Instant.parse("2024-08-07T10:30:00Z")))
                .isEqualTo(Instant.parse("2024-08-07T11:30:00Z"));
        assertThat(scheduler.nextSlot(Instant.parse("2024-08-07T23:59:59Z")))
                .isEqualTo(Instant.parse("2024-08-08T00:30:00Z"));
    }

    @Test
    void runsEveryHourAtTheChosenMinuteOneAfterAnother() {
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        scheduler[0] = PipelineScheduler.builder(at -> {
                    runs.add(at);
                    clock.advance(Duration.ofMinutes(7)); // a run takes time
                    if (runs.size() == 3) {
                        scheduler[0].stop();
                    }
                    return run(at);
                })
                .clock(clock, clock.sleeper())
                .atMinute(30)
                .build();

        scheduler[0].run();

        assertThat(runs)
                .containsExactly(
                        Instant.parse("2024-08-07T10:30:00Z"),
                        Instant.parse("2024-08-07T11:30:00Z"),
                        Instant.parse("2024-08-07T12:30:00Z"));
        assertThat(scheduler[0].awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void runAtStartCatchesUpBeforeTheFirstSlot() {
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        scheduler[0] = PipelineScheduler.builder(stopAfter(2, scheduler))
                .clock(clock, clock.sleeper())
                .runAtStart(true)
                .atMinute(0)
                .build();

        scheduler[0].run();

        assertThat(runs).containsExactly(Instant.parse("2024-08-07T10:05:00Z"), Instant.parse("2024-08-07T11:00:00Z"));
    }

    @Test
    void runThatOverrunsASlotSkipsItInsteadOfOverlapping() {
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        scheduler[0] = PipelineScheduler.builder(at -> {
                    runs.add(at);
                    clock.advance(Duration.ofMinutes(90));
                    if (runs.size() == 2) {
                        scheduler[0].stop();
                    }
                    return run(at);
                })
                .clock(clock, clock.sleeper())
                .build();

        scheduler[0].run();

        // 10:30 runs until 12:00: the 11:30 slot is skipped, the next run is at 12:30.
        assertThat(runs).containsExactly(Instant.parse("2024-08-07T10:30:00Z"), Instant.parse("2024-08-07T12:30:00Z"));
    }

    @Test
    void failedRunIsRetriedWithExponentialBackOff() {
        AtomicInteger failures = new AtomicInteger(3);
        List<RuntimeException> errors = new ArrayList<>();
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        Function<Instant, PipelineRun> stop = stopAfter(1, scheduler);
        scheduler[0] = PipelineScheduler.builder(at -> {
                    if (failures.getAndDecrement() > 0) {
                        runs.add(at);
                        throw new SensorsException("source down");
                    }
                    return stop.apply(at);
                })
                .clock(clock, clock.sleeper())
                .retry(new RetryPolicy(5, Duration.ofMinutes(1), 2, Duration.ofMinutes(10)))
                .onError(errors::add)
                .build();

        scheduler[0].run();

        assertThat(runs)
                .containsExactly(
                        Instant.parse("2024-08-07T10:30:00Z"),
                        Instant.parse("2024-08-07T10:31:00Z"),
                        Instant.parse("2024-08-07T10:33:00Z"),
                        Instant.parse("2024-08-07T10:37:00Z"));
        assertThat(errors).hasSize(3);
    }

    @Test
    void retryThatWouldReachTheNextSlotIsLeftToIt() {
        AtomicInteger calls = new AtomicInteger();
        PipelineScheduler[] scheduler = new PipelineScheduler[1];
        scheduler[0] = PipelineScheduler.builder(at -> {
                    runs.add(at);
                    if (calls.incrementAndGet() == 3) {
                        scheduler[0].stop();
                    }
                    throw new SensorsException("source down");
                })
                .clock(clock, clock.sleeper())
                .retry(new RetryPolicy(10, Duration.ofMinutes(40), 2, Duration.ofHours(2)))
                .build();

        scheduler[0].run();

        // 10:30 fails, retried at 11:10; the next retry (12:30) would pass the 11:30 slot.
        assertThat(runs)
                .containsExactly(
                        Instant.parse("2024-08-07T10:30:00Z"),
                        Instant.parse("2024-08-07T11:10:00Z"),
                        Instant.parse("2024-08-07T11:30:00Z"));
    }

    @Test
    void stopWakesTheWaitForTheNextSlotAtOnce() throws InterruptedException {
        PipelineScheduler scheduler = PipelineScheduler.builder(PipelineSchedulerTest::run)
                .every(Duration.ofHours(1))
                .build();
        Thread thread = scheduler.start();

        long start = System.nanoTime();
        scheduler.stop();

        assertThat(scheduler.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        thread.join(1000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void stopDuringARunLetsTheRunFinish() throws InterruptedException {
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> finished = new ArrayList<>();
        PipelineScheduler scheduler = PipelineScheduler.builder(at -> {
                    inRun.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    finished.add("done");
                    return run(at);
                })
                .runAtStart(true)
                .build();
        scheduler.start();
        assertThat(inRun.await(5, TimeUnit.SECONDS)).isTrue();

        scheduler.stop();
        assertThat(scheduler.awaitTermination(Duration.ofMillis(200))).isFalse();
        release.countDown();

        assertThat(scheduler.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(finished).containsExactly("done");
    }

    @Test
    void schedulerRunsOnlyOnce() {
        PipelineScheduler scheduler =
                PipelineScheduler.builder(PipelineSchedulerTest::run).build();
        scheduler.stop();
        scheduler.run();

        assertThatThrownBy(scheduler::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        PipelineScheduler.Builder builder = PipelineScheduler.builder(PipelineSchedulerTest::run);
        assertThatThrownBy(() -> builder.atMinute(60)).hasMessageContaining("not 60");
        assertThatThrownBy(() -> builder.every(Duration.ofSeconds(30))).hasMessageContaining("PT30S");
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO))
                .hasMessageContaining("not 0");
    }

    private Function<Instant, PipelineRun> stopAfter(int count, PipelineScheduler[] scheduler) {
        return at -> {
            runs.add(at);
            if (runs.size() >= count) {
                scheduler[0].stop();
            }
            return run(at);
        };
    }
}
