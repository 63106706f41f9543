package org.sensorsandmore.sql.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to try again: at most {@code maxAttempts} attempts, waiting {@code
 * initialDelay} before the second, then {@code multiplier} times longer each time, never more than
 * {@code maxDelay}.
 *
 * <pre>{@code
 * RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), 2, Duration.ofSeconds(30));
 * policy.delayBefore(2);   // 1 s
 * policy.delayBefore(4);   // 4 s
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param maxAttempts attempts in all, at least 1 (1: no retry)
 * @param initialDelay the wait before the second attempt
 * @param multiplier how much longer each next wait is, at least 1
 * @param maxDelay the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    /** Three attempts, waiting 1 s then 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    /** Validates every component, naming the bad value. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("Delays must not be negative, not " + initialDelay + " and " + maxDelay);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number, 1 or more, not " + multiplier);
        }
    }

    /**
     * @param attempt the attempt about to be made, 2 or more
     * @return how long to wait before it
     */
    public Duration delayBefore(int attempt) {
        if (attempt < 2) {
            throw new IllegalArgumentException("Only an attempt after the first waits, not attempt " + attempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 2.0);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
