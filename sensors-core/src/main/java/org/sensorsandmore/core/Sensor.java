package org.sensorsandmore.core;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One door counter of a store.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the sensor's id within its store: 0 for the first door, then 1, 2…
 * @param installed when the sensor was put in service (its age drives failures in the footfall
 *     model; the classic model seeds its generator with the date)
 */
public record Sensor(int id, LocalDateTime installed) {

    /** Validates the id and the installation time. */
    public Sensor {
        if (id < 0) {
            throw new IllegalArgumentException("A sensor id must be 0 or more, not " + id);
        }
        Objects.requireNonNull(installed, "installed");
    }
}
