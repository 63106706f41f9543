package org.sensorsandmore.core.retry;

import java.time.Duration;

/**
 * Waits. Every back-off of the library goes through one, so a test passes a sleeper that records
 * the waits or moves a fake clock instead of waiting: {@code Sleeper recording = waits::add;}.
 *
 * <p>Implementations say whether they are thread-safe; {@link #SYSTEM} is.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    /**
     * @param duration how long to wait; nothing for zero or less
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
