package org.sensorsandmore.core.model;

import java.time.LocalDateTime;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.Store;

/**
 * Turns (store, sensor, hour) into a reading.
 *
 * <p>A model is a pure function: the same inputs give the same reading on any machine, thread or
 * call order, and any hour can be computed without computing the hours before it. Implementations
 * are immutable and thread-safe.
 */
public interface TrafficModel {

    /**
     * @param store the store, whose base levels the model reads
     * @param sensorId a sensor of the store
     * @param hour a whole store-local hour
     * @return what the sensor counted in that hour
     * @throws IllegalArgumentException when the store has no such sensor or the hour is not whole
     */
    Reading reading(Store store, int sensorId, LocalDateTime hour);

    /**
     * Writes the readings of every sensor of one store for consecutive hours into a batch whose rows
     * the caller has sized and whose coordinates it has set: the reading of sensor {@code k} at hour
     * {@code firstEpochHour + i} goes to row {@code offset + i * stride + k}.
     *
     * <p>The default calls {@link #reading} per row; models override it with a bulk path that gives
     * the same values.
     *
     * @param store the store
     * @param firstEpochHour the first hour, as an {@linkplain Hours epoch hour}
     * @param hours how many hours
     * @param batch the batch to write visits, status and anomaly into
     * @param offset the row of sensor 0 at the first hour
     * @param stride the rows between one hour and the next
     */
    default void fill(Store store, int firstEpochHour, int hours, ReadingBatch batch, int offset, int stride) {
        int sensors = store.sensorCount();
        for (int i = 0; i < hours; i++) {
            LocalDateTime hour = Hours.ofEpochHour((long) firstEpochHour + i);
            for (int k = 0; k < sensors; k++) {
                Reading reading = reading(store, k, hour);
                int row = offset + i * stride + k;
                switch (reading.status()) {
                    case OK -> batch.setOk(row, reading.visits(), reading.anomaly());
                    case FAILED -> batch.setFailed(row, reading.anomaly());
                    case NOT_OPEN -> batch.setNotOpen(row);
                }
            }
        }
    }
}
