package org.sensorsandmore.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * The waits of one retrying party (an HTTP client, a pipeline, a scheduler): a {@link RetryPolicy},
 * the draws of its jitter and the {@link Sleeper} that waits them.
 *
 * <p>The draws come from one {@link Random} seeded with the policy's seed, made once: the waits of
 * a party are the same sequence on every run, whichever of its threads retries. (Never {@code
 * ThreadLocalRandom}: it cannot be seeded.)
 *
 * <p>This class is thread-safe.
 */
public final class Backoff {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    /** Null without jitter: there is nothing to draw. java.util.Random is thread-safe. */
    private final Random random;

    private Backoff(RetryPolicy policy, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = policy.jitter() > 0 ? new Random(policy.seed()) : null;
    }

    /**
     * @param policy how long to wait before each attempt
     * @param sleeper what waits
     * @return the back-off, its draws not started
     */
    public static Backoff of(RetryPolicy policy, Sleeper sleeper) {
        return new Backoff(policy, sleeper);
    }

    /** @return the policy */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * @param attempt the attempt about to be made, 2 or more
     * @return the wait before it, with the next draw of the jitter
     */
    public Duration delayBefore(int attempt) {
        return random == null ? policy.delayBefore(attempt) : policy.delayBefore(attempt, random.nextDouble());
    }

    /**
     * Waits before an attempt.
     *
     * @param attempt the attempt about to be made, 2 or more
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void pause(int attempt) throws InterruptedException {
        sleeper.sleep(delayBefore(attempt));
    }
}
