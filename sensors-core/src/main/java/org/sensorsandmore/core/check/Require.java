package org.sensorsandmore.core.check;

import java.time.Duration;
import java.util.Objects;

/** Checks of numbers and durations that throw {@link IllegalArgumentException} naming the value. */
public final class Require {
    private Require() {}

    /**
     * @param value the value given
     * @param min the least allowed
     * @param what its name in the message ("threads", "The batch size")
     * @return the value
     * @throws IllegalArgumentException {@code what must be at least min, not value}
     */
    public static int atLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /**
     * @param value the value given
     * @param min the least allowed
     * @param what its name in the message
     * @return the value
     * @throws IllegalArgumentException {@code what must be at least min, not value}
     */
    public static long atLeast(long value, long min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /**
     * @param value the duration given
     * @param what its name in the message ("The SMTP timeout")
     * @return the duration
     * @throws IllegalArgumentException {@code what must be positive, not value} when it is zero or
     *     negative
     * @throws NullPointerException when it is null
     */
    public static Duration positive(Duration value, String what) {
        if (Objects.requireNonNull(value, what).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
        return value;
    }
}
