package org.sensorsandmore.core;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What one door sensor counted in one hour.
 *
 * <p>{@code visits} holds the count when {@code status} is {@link ReadingStatus#OK} and is 0
 * otherwise: a failed sensor has no count (a database stores it as NULL), and an hour before the
 * store opened has none either. {@link #legacyCount()} gives the original system's single number.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param store the store's name
 * @param sensorId the sensor's id within its store, from 0
 * @param hour the store-local start of the hour
 * @param status whether the sensor reported
 * @param visits the number of people who came in, when {@code status} is OK; else 0
 * @param anomaly whether the value was hit by an anomaly (simulator ground truth; false for real data)
 */
public record Reading(
        String store, int sensorId, LocalDateTime hour, ReadingStatus status, int visits, boolean anomaly) {

    /** Validates every component, naming the bad value. */
    public Reading {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(status, "status");
        Hours.requireWholeHour(hour, "hour");
        if (sensorId < 0) {
            throw new IllegalArgumentException("A sensor id must be 0 or more, not " + sensorId);
        }
        if (visits < 0) {
            throw new IllegalArgumentException("Visits must be 0 or more, not " + visits);
        }
        if (status != ReadingStatus.OK && visits != 0) {
            throw new IllegalArgumentException("A " + status + " reading has no visits, yet " + visits + " were given");
        }
    }

    /**
     * @param store the store's name
     * @param sensorId the sensor's id
     * @param hour the hour
     * @param visits the count, 0 or more
     * @return a reported reading without anomaly
     */
    public static Reading ok(String store, int sensorId, LocalDateTime hour, int visits) {
        return new Reading(store, sensorId, hour, ReadingStatus.OK, visits, false);
    }

    /**
     * @param store the store's name
     * @param sensorId the sensor's id
     * @param hour the hour
     * @return the reading of a sensor that did not report
     */
    public static Reading failed(String store, int sensorId, LocalDateTime hour) {
        return new Reading(store, sensorId, hour, ReadingStatus.FAILED, 0, false);
    }

    /**
     * The reading the original system's single count stands for.
     *
     * @param store the store's name
     * @param sensorId the sensor's id
     * @param hour the hour
     * @param count the original's count: visits, -1 (failed) or -2 (not open)
     * @return the reading
     */
    public static Reading ofLegacyCount(String store, int sensorId, LocalDateTime hour, long count) {
        ReadingStatus status = ReadingStatus.ofLegacyCount(count);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A count must be at most " + Integer.MAX_VALUE + ", not " + count);
        }
        return new Reading(store, sensorId, hour, status, status == ReadingStatus.OK ? (int) count : 0, false);
    }

    /** @return the original system's number: visits when OK, -1 when failed, -2 when not open */
    public int legacyCount() {
        return status == ReadingStatus.OK ? visits : status.legacyCode();
    }

    /** @return whether the sensor reported a count */
    public boolean isOk() {
        return status == ReadingStatus.OK;
    }
}
