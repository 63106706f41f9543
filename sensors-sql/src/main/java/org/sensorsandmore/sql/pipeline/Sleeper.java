package org.sensorsandmore.sql.pipeline;

import java.time.Duration;

/**
 * Waits: the pipeline's back-off and the scheduler's wait for the next hour go through one, so a
 * test passes a sleeper that moves a fake clock instead of waiting.
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
