package org.sensorsandmore.sql.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sensorsandmore.core.retry.Backoff;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.core.retry.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline's catch-up every hour at a chosen minute (the original's Airflow DAG used minute
 * 30), one run at a time, with retries.
 *
 * <ul>
 *   <li><b>Slots</b>: every {@code period} (default one hour) at {@code atMinute} past, counted in
 *       UTC from the epoch: with the defaults, 00:30, 01:30, 02:30… A run that overruns a slot skips
 *       it; the next catch-up covers what it would have fetched.
 *   <li><b>Retries</b>: a failed run is run again after an exponential back-off ({@link
 *       RetryPolicy}, {@link #DEFAULT_RETRY} unless told otherwise), as long as the retry comes
 *       before the next slot. Each attempt is a run of its own in the run log.
 *   <li><b>A bound on the attempts</b>: the layers of retries multiply. With the defaults, one
 *       request the source never answers is sent at most 5 (the HTTP client's attempts) × 3 (the
 *       pipeline's of a chunk) × 4 (the scheduler's of a run) = 60 times in a slot, over about seven
 *       minutes of back-offs: a blip, a short outage and a longer one are each ridden out by the layer
 *       whose waits fit it. {@link RetryPolicy#worstCaseAttempts} computes it for other settings.
 *   <li><b>No overlap</b>: runs are made one after another on the scheduler's thread.
 *   <li><b>Clean stop</b>: {@link #stop()} wakes the scheduler, lets the run in progress finish its
 *       chunk (the pipeline stops at the next chunk boundary, {@link RunStatus#STOPPED}) and ends
 *       the loop; {@link #awaitTermination} waits for that.
 * </ul>
 *
 * <pre>{@code
 * PipelineScheduler scheduler = PipelineScheduler.builder(pipeline).atMinute(30).build();
 * scheduler.start();                                     // or run() on the calling thread
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
 *     scheduler.stop();
 *     scheduler.awaitTermination(Duration.ofMinutes(5));
 * }));
 * }</pre>
 *
 * <p>The clock and the sleeper are injectable together ({@link Builder#clock(Clock, Sleeper)}), so a
 * test runs a day of slots in milliseconds.
 *
 * <p>This class is thread-safe. A scheduler runs once: after a stop it cannot be started again.
 */
public final class PipelineScheduler implements AutoCloseable {
    /** The minute past each hour runs start at unless told otherwise: the original's 30. */
    public static final int DEFAULT_MINUTE = 30;

    /** The back-off between attempts of a failed run unless told otherwise. */
    public static final RetryPolicy DEFAULT_RETRY =
            new RetryPolicy(4, Duration.ofMinutes(1), 2, Duration.ofMinutes(10));

    private static final Logger LOG = LoggerFactory.getLogger(PipelineScheduler.class);

    private final Function<Instant, PipelineRun> job;
    private final Runnable onStop;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration period;
    private final int atMinute;
    private final boolean runAtStart;
    private final Backoff backoff;
    private final Consumer<PipelineRun> onRun;
    private final Consumer<RuntimeException> onError;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopped;
    private boolean started;

    private PipelineScheduler(Builder builder) {
        this.job = builder.job;
        this.onStop = builder.onStop;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper != null ? builder.sleeper : this::awaitStopSignal;
        this.period = builder.period;
        this.atMinute = builder.atMinute;
        this.runAtStart = builder.runAtStart;
        this.backoff = Backoff.of(builder.retry, sleeper);
        this.onRun = builder.onRun;
        this.onError = builder.onError;
    }

    /**
     * @param pipeline the pipeline whose {@link Pipeline#catchUp(Instant)} runs at each slot, with
     *     the scheduler's clock's instant
     * @return a builder with the defaults: hourly at minute 30, system clock, {@link #DEFAULT_RETRY}
     */
    public static Builder builder(Pipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        return new Builder(pipeline::catchUp, pipeline::requestStop);
    }

    /**
     * @param job what runs at each slot, given the slot's instant; it signals failure by throwing
     * @return a builder with the defaults
     */
    public static Builder builder(Function<Instant, PipelineRun> job) {
        return new Builder(Objects.requireNonNull(job, "job"), () -> {});
    }

    /**
     * Runs the loop on the calling thread until {@link #stop()}.
     *
     * @throws IllegalStateException when the scheduler was already started
     */
    public void run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("A scheduler runs once; this one was already started");
            }
            started = true;
        }
        try {
            if (runAtStart && !stopped) {
                runWithRetries(clock.instant());
            }
            while (!stopped) {
                Instant slot = nextSlot(clock.instant());
                if (!waitUntil(slot)) {
                    break;
                }
                runWithRetries(slot);
            }
        } finally {
            terminated.countDown();
        }
    }

    /**
     * Runs the loop on a thread of its own, named {@code sensors-pipeline-scheduler}.
     *
     * @return the thread
     */
    public Thread start() {
        Thread thread = new Thread(this::run, "sensors-pipeline-scheduler");
        thread.start();
        return thread;
    }

    /**
     * Asks the loop to end: a wait for the next slot or retry ends at once; a run in progress stops at
     * its next chunk boundary. Returns without waiting; see {@link #awaitTermination}.
     */
    public void stop() {
        stopped = true;
        onStop.run();
        stopSignal.countDown();
    }

    /**
     * @param timeout the longest wait
     * @return whether the loop ended within the timeout (true at once when it never started)
     */
    public boolean awaitTermination(Duration timeout) {
        synchronized (this) {
            if (!started) {
                return true;
            }
        }
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops and waits for the run in progress to finish. */
    @Override
    public void close() {
        stop();
        while (!awaitTermination(Duration.ofMinutes(1))) {
            LOG.info("Waiting for the pipeline run in progress to finish");
        }
    }

    /**
     * @param after an instant
     * @return the first slot strictly after it
     */
    public Instant nextSlot(Instant after) {
        long periodMillis = period.toMillis();
        long offset = Duration.ofMinutes(atMinute).toMillis() % periodMillis;
        long t = after.toEpochMilli() - offset;
        long next = Math.floorDiv(t, periodMillis) * periodMillis + periodMillis + offset;
        return Instant.ofEpochMilli(next);
    }

    private void runWithRetries(Instant slot) {
        Instant nextSlot = nextSlot(slot);
        for (int attempt = 1; !stopped; attempt++) {
            try {
                onRun.accept(job.apply(clock.instant()));
                return;
            } catch (PipelineBusyException e) {
                LOG.warn("Skipping the slot {}: {}", slot, e.getMessage());
                onError.accept(e);
                return;
            } catch (RuntimeException e) {
                // The scheduler outlives any one run: log, retry within the slot, else wait for the next.
                if (e instanceof PipelineException failed) {
                    failed.run().ifPresent(onRun);
                }
                onError.accept(e);
                if (attempt >= backoff.policy().maxAttempts()) {
                    LOG.error("Run failed after {} attempts; the next slot catches up: {}", attempt, e.getMessage());
                    return;
                }
                // Waited by waitUntil, not by the back-off: a stop must end the wait at once.
                Instant retryAt = clock.instant().plus(backoff.delayBefore(attempt + 1));
                if (!retryAt.isBefore(nextSlot)) {
                    LOG.error("Run failed; the next slot at {} catches up: {}", nextSlot, e.getMessage());
                    return;
                }
                LOG.warn(
                        "Run failed (attempt {} of {}), retrying at {}: {}",
                        attempt,
                        backoff.policy().maxAttempts(),
                        retryAt,
                        e.getMessage());
                if (!waitUntil(retryAt)) {
                    return;
                }
            }
        }
    }

    /** @return false when stopped before the instant came */
    private boolean waitUntil(Instant instant) {
        while (!stopped) {
            Duration left = Duration.between(clock.instant(), instant);
            if (left.isNegative() || left.isZero()) {
                return true;
            }
            try {
                sleeper.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
        return false;
    }

    private void awaitStopSignal(Duration duration) throws InterruptedException {
        // At least a millisecond: under one left, waiting none would spin until the slot.
        boolean signalled = stopSignal.await(Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS);
        if (signalled) {
            LOG.debug("Woken by a stop");
        }
    }

    /**
     * Builds a {@link PipelineScheduler}; values are validated as they are set.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final Function<Instant, PipelineRun> job;
        private final Runnable onStop;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;
        private Duration period = Duration.ofHours(1);
        private int atMinute = DEFAULT_MINUTE;
        private boolean runAtStart;
        private RetryPolicy retry = DEFAULT_RETRY;
        private Consumer<PipelineRun> onRun = run -> {};
        private Consumer<RuntimeException> onError = error -> {};

        private Builder(Function<Instant, PipelineRun> job, Runnable onStop) {
            this.job = job;
            this.onStop = onStop;
        }

        /**
         * @param clock what slots are read from and runs are given
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A clock and what waits on it, together because they must agree: the loop sleeps until the
         * clock reads the slot, so a fake clock needs a sleeper that moves it (else the loop would
         * wait for ever). Without one, the sleeper is a wait that {@link PipelineScheduler#stop()} ends at once.
         *
         * @param clock what slots are read from and runs are given
         * @param sleeper what waits for slots and retries
         * @return this builder
         */
        public Builder clock(Clock clock, Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return clock(clock);
        }

        /**
         * @param period the time between slots, a whole number of minutes from 1 minute to 1 day
         * @return this builder
         */
        public Builder every(Duration period) {
            Objects.requireNonNull(period, "period");
            if (period.compareTo(Duration.ofMinutes(1)) < 0
                    || period.compareTo(Duration.ofDays(1)) > 0
                    || period.toSeconds() % 60 != 0
                    || period.toNanosPart() != 0) {
                throw new IllegalArgumentException(
                        "The period must be a whole number of minutes from 1 minute to 1 day, not " + period);
            }
            this.period = period;
            return this;
        }

        /**
         * @param minute the minute past the hour slots fall on, 0 to 59
         * @return this builder
         */
        public Builder atMinute(int minute) {
            if (minute < 0 || minute > 59) {
                throw new IllegalArgumentException("The minute must be 0 to 59, not " + minute);
            }
            this.atMinute = minute;
            return this;
        }

        /**
         * @param runAtStart whether to run once as soon as the loop starts, before the first slot
         * @return this builder
         */
        public Builder runAtStart(boolean runAtStart) {
            this.runAtStart = runAtStart;
            return this;
        }

        /**
         * @param retry how a failed run is tried again (default {@link #DEFAULT_RETRY})
         * @return this builder
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * @param onRun told of every run logged, succeeded, stopped or failed (on the scheduler's thread)
         * @return this builder
         */
        public Builder onRun(Consumer<PipelineRun> onRun) {
            this.onRun = Objects.requireNonNull(onRun, "onRun");
            return this;
        }

        /**
         * @param onError told of every failed attempt (on the scheduler's thread)
         * @return this builder
         */
        public Builder onError(Consumer<RuntimeException> onError) {
            this.onError = Objects.requireNonNull(onError, "onError");
            return this;
        }

        /** @return the scheduler, not started */
        public PipelineScheduler build() {
            return new PipelineScheduler(this);
        }
    }
}
