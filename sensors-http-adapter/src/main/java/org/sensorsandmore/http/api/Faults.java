package org.sensorsandmore.http.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's injected faults, drawn from a counter mixed with a seed: reproducible for a given
 * sequence of requests, lock-free, and never {@code ThreadLocalRandom}.
 */
final class Faults {
    private final ApiServerConfig config;
    private final AtomicLong draws = new AtomicLong();

    Faults(ApiServerConfig config) {
        this.config = config;
    }

    /** @return a uniform double in [0, 1), the next in the seeded sequence */
    double next() {
        long z = config.faultSeed() + draws.incrementAndGet() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Sleeps the configured latency, if any. */
    void delay() throws InterruptedException {
        long millis = config.latency().toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** @return whether this request is answered 503 */
    boolean fail() {
        return config.failRate() > 0 && next() < config.failRate();
    }

    /**
     * @param expectedBytes about how long the stream will be
     * @return the byte at which to cut this stream, or -1 to let it finish
     */
    long cutAt(long expectedBytes) {
        if (config.cutRate() <= 0 || next() >= config.cutRate()) {
            return -1;
        }
        // Anywhere in the stream, the header and the middle of a line included.
        return (long) (next() * Math.max(1, expectedBytes));
    }
}
