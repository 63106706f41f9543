package org.sensorsandmore.core.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to try again: at most {@code maxAttempts} attempts, waiting {@code
 * initialBackoff} before the second, then {@code multiplier} times longer each time, never more than
 * {@code maxBackoff}; of each wait a share {@code jitter} is drawn at random (from a {@link
 * java.util.Random} seeded with {@code seed}, so the waits are the same on every run), so that
 * clients that failed together do not retry together.
 *
 * <pre>{@code
 * RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), 2, Duration.ofSeconds(30));
 * policy.delayBefore(2);   // 1 s
 * policy.delayBefore(4);   // 4 s
 * RetryPolicy spread = policy.withJitter(0.5, 42);
 * spread.delayBefore(4, 0.0);   // 2 s: half of the wait is drawn, and the draw was 0
 * }</pre>
 *
 * <p>The HTTP clients, the pipeline's chunks and the scheduler's runs each take one; {@link
 * Backoff} draws and waits its delays. This class is immutable and thread-safe.
 *
 * @param maxAttempts attempts in all, at least 1 (1: no retry)
 * @param initialBackoff the wait before the second attempt
 * @param multiplier how much longer each next wait is, at least 1
 * @param maxBackoff the longest wait, not shorter than {@code initialBackoff}
 * @param jitter the share of each wait drawn at random, in [0, 1] (0: every wait as computed)
 * @param seed the seed of the jitter's draws
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter, long seed) {

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    /** Validates every component, naming the bad value. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        notNegative(initialBackoff, "initialBackoff");
        notNegative(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number, 1 or more, not " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must lie in [0, 1], not " + jitter);
        }
    }

    /**
     * A policy without jitter.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param initialBackoff the wait before the second attempt
     * @param multiplier how much longer each next wait is, at least 1
     * @param maxBackoff the longest wait
     */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
        this(maxAttempts, initialBackoff, multiplier, maxBackoff, 0, 0);
    }

    private static void notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
    }

    /**
     * @param share the share of each wait drawn at random, in [0, 1]
     * @param seed the seed of the draws
     * @return this policy with that jitter
     */
    public RetryPolicy withJitter(double share, long seed) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, share, seed);
    }

    /**
     * @param attempt the attempt about to be made, 2 or more
     * @return the longest wait before it: the wait itself when there is no jitter
     */
    public Duration delayBefore(int attempt) {
        return delayBefore(attempt, 1.0);
    }

    /**
     * The wait before an attempt: {@code initialBackoff * multiplier^(attempt-2)}, at most {@code
     * maxBackoff}, of which the share {@code jitter} is scaled by the draw.
     *
     * @param attempt the attempt about to be made, 2 or more
     * @param uniform a uniform draw in [0, 1]
     * @return how long to wait before it
     */
    public Duration delayBefore(int attempt, double uniform) {
        if (attempt < 2) {
            throw new IllegalArgumentException("Only an attempt after the first waits, not attempt " + attempt);
        }
        // In doubles: a power of a large attempt overflows a long, and is capped anyway.
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 2.0);
        long capped = nanos >= maxBackoff.toNanos() ? maxBackoff.toNanos() : (long) nanos;
        return Duration.ofNanos((long) (capped * (1 - jitter + jitter * uniform)));
    }

    /**
     * The most attempts nested retrying layers can make of the innermost operation: the product of
     * their {@code maxAttempts}. A request tried 5 times inside a chunk tried 3 times inside a run tried
     * 4 times is sent at most 60 times.
     *
     * @param layers the policies, in any order
     * @return the product of their attempts; {@link Long#MAX_VALUE} if it overflows
     */
    public static long worstCaseAttempts(RetryPolicy... layers) {
        long product = 1;
        for (RetryPolicy layer : layers) {
            product = layer.maxAttempts > Long.MAX_VALUE / product ? Long.MAX_VALUE : product * layer.maxAttempts;
        }
        return product;
    }
}
