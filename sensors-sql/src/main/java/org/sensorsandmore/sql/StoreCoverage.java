package org.sensorsandmore.sql;

import java.time.LocalDateTime;
import java.util.List;

/**
 * What a warehouse holds for one store.
 *
 * @param store the store's name
 * @param sensorIds the ids of the sensors with readings, ascending
 * @param firstHour the first hour with a reading
 * @param lastHour the last hour with a reading
 * @param readings how many readings are stored
 * @param failed how many of them failed
 */
public record StoreCoverage(
        String store,
        List<Integer> sensorIds,
        LocalDateTime firstHour,
        LocalDateTime lastHour,
        long readings,
        long failed) {

    /** Copies the sensor ids. */
    public StoreCoverage {
        sensorIds = List.copyOf(sensorIds);
    }
}
