package org.sensorsandmore.core;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Readings in columns: how readings move in bulk, without one object per reading.
 *
 * <p>Row {@code i} has a store (an index into {@link #storeNames()}), a sensor id, an hour (as an
 * {@linkplain Hours epoch hour}), a status, a visit count (0 unless the status is OK) and an
 * anomaly flag. Producers fill a batch and hand it to a {@link ReadingSink}; they usually reuse
 * it for the next rows, so a sink must copy what it keeps.
 *
 * <pre>{@code
 * ReadingBatch batch = ReadingBatch.create(1024);
 * batch.add(Reading.ok("Paris", 3, LocalDateTime.of(2024, 7, 1, 9, 0), 6912));
 * batch.reading(0).visits();   // 6912
 * }</pre>
 *
 * <p>This class is mutable and not thread-safe.
 */
public final class ReadingBatch {
    // Each row's status is held as its code (ReadingStatus.code), a byte per row rather than a reference.
    private static final byte OK = ReadingStatus.OK.code();
    private static final byte FAILED = ReadingStatus.FAILED.code();
    private static final byte NOT_OPEN = ReadingStatus.NOT_OPEN.code();

    private final List<String> storeNames;
    private final Map<String, Integer> storeIndex;
    private int[] store;
    private int[] sensor;
    private int[] hour;
    private int[] visits;
    private byte[] status;
    private boolean[] anomaly;
    private int size;

    private ReadingBatch(List<String> storeNames, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A batch's capacity must be at least 1, not " + capacity);
        }
        this.storeNames = new ArrayList<>();
        this.storeIndex = new HashMap<>();
        storeNames.forEach(this::storeIndex);
        store = new int[capacity];
        sensor = new int[capacity];
        hour = new int[capacity];
        visits = new int[capacity];
        status = new byte[capacity];
        anomaly = new boolean[capacity];
    }

    /**
     * @param capacity the rows it holds before growing
     * @return an empty batch whose store names are added as rows name them
     */
    public static ReadingBatch create(int capacity) {
        return new ReadingBatch(List.of(), capacity);
    }

    /**
     * @param storeNames the store names, indexed 0, 1, 2… in this order
     * @param capacity the rows it holds before growing
     * @return an empty batch with those store indexes
     */
    public static ReadingBatch create(List<String> storeNames, int capacity) {
        return new ReadingBatch(storeNames, capacity);
    }

    /** @return the number of rows */
    public int size() {
        return size;
    }

    /** @return whether there is no row */
    public boolean isEmpty() {
        return size == 0;
    }

    /** @return the rows it holds before it must grow */
    public int capacity() {
        return visits.length;
    }

    /** Removes every row; keeps the store names and the capacity. */
    public void clear() {
        size = 0;
    }

    /** @return the store names that store indexes point into (a read-only view) */
    public List<String> storeNames() {
        return Collections.unmodifiableList(storeNames);
    }

    /**
     * @param name a store name
     * @return its index, added at the end if the batch did not know it
     */
    public int storeIndex(String name) {
        Integer index = storeIndex.get(name);
        if (index == null) {
            index = storeNames.size();
            storeNames.add(name);
            storeIndex.put(name, index);
        }
        return index;
    }

    /**
     * Appends one row.
     *
     * @param reading the reading
     */
    public void add(Reading reading) {
        add(
                storeIndex(reading.store()),
                reading.sensorId(),
                Hours.toEpochHour(reading.hour()),
                reading.status(),
                reading.visits(),
                reading.anomaly());
    }

    /**
     * Appends one row given as columns; the values are trusted (no validation), as producers of bulk
     * data build them.
     *
     * @param storeIndex the store's index in {@link #storeNames()}
     * @param sensorId the sensor id
     * @param epochHour the hour, as an epoch hour
     * @param readingStatus the status
     * @param visitCount the count (ignored unless the status is OK)
     * @param isAnomaly the anomaly flag
     */
    public void add(
            int storeIndex,
            int sensorId,
            int epochHour,
            ReadingStatus readingStatus,
            int visitCount,
            boolean isAnomaly) {
        if (size == visits.length) {
            grow(size + 1);
        }
        int i = size++;
        setCoordinates(i, storeIndex, sensorId, epochHour);
        switch (readingStatus) {
            case OK -> setOk(i, visitCount, isAnomaly);
            case FAILED -> setFailed(i, isAnomaly);
            case NOT_OPEN -> setNotOpen(i);
        }
    }

    /**
     * Makes the batch exactly {@code newSize} rows long, growing it if needed. Rows past the old
     * size hold stale values until set: producers that fill rows by index call this first.
     *
     * @param newSize the number of rows
     */
    public void resize(int newSize) {
        if (newSize < 0) {
            throw new IllegalArgumentException("A size must be 0 or more, not " + newSize);
        }
        if (newSize > visits.length) {
            grow(newSize);
        }
        size = newSize;
    }

    /**
     * Sets where row {@code i} was measured.
     *
     * @param i the row
     * @param storeIndex the store's index
     * @param sensorId the sensor id
     * @param epochHour the hour, as an epoch hour
     */
    public void setCoordinates(int i, int storeIndex, int sensorId, int epochHour) {
        store[i] = storeIndex;
        sensor[i] = sensorId;
        hour[i] = epochHour;
    }

    /**
     * @param i the row
     * @param visitCount the count, 0 or more
     * @param isAnomaly whether an anomaly hit the count
     */
    public void setOk(int i, int visitCount, boolean isAnomaly) {
        visits[i] = visitCount;
        status[i] = OK;
        anomaly[i] = isAnomaly;
    }

    /**
     * @param i the row
     * @param isAnomaly whether an anomaly hit the hour (ground truth, though nothing was reported)
     */
    public void setFailed(int i, boolean isAnomaly) {
        visits[i] = 0;
        status[i] = FAILED;
        anomaly[i] = isAnomaly;
    }

    /** @param i the row, an hour before its store opened */
    public void setNotOpen(int i) {
        visits[i] = 0;
        status[i] = NOT_OPEN;
        anomaly[i] = false;
    }

    /**
     * @param i the row
     * @return the store's index in {@link #storeNames()}
     */
    public int storeIndex(int i) {
        return store[check(i)];
    }

    /**
     * @param i the row
     * @return the store's name
     */
    public String storeName(int i) {
        return storeNames.get(store[check(i)]);
    }

    /**
     * @param i the row
     * @return the sensor id
     */
    public int sensorId(int i) {
        return sensor[check(i)];
    }

    /**
     * @param i the row
     * @return the hour as an epoch hour
     */
    public int epochHour(int i) {
        return hour[check(i)];
    }

    /**
     * @param i the row
     * @return the hour
     */
    public LocalDateTime hour(int i) {
        return Hours.ofEpochHour(hour[check(i)]);
    }

    /**
     * @param i the row
     * @return the status
     */
    public ReadingStatus status(int i) {
        return ReadingStatus.ofCode(status[check(i)]);
    }

    /**
     * @param i the row
     * @return whether the sensor reported
     */
    public boolean isOk(int i) {
        return status[check(i)] == OK;
    }

    /**
     * @param i the row
     * @return the count; 0 unless the status is OK
     */
    public int visits(int i) {
        return visits[check(i)];
    }

    /**
     * @param i the row
     * @return the original system's number: visits, -1 (failed) or -2 (not open)
     */
    public int legacyCount(int i) {
        return status[check(i)] == OK ? visits[i] : status(i).legacyCode();
    }

    /**
     * @param i the row
     * @return the anomaly flag
     */
    public boolean anomaly(int i) {
        return anomaly[check(i)];
    }

    /**
     * @param i the row
     * @return the row as a value
     */
    public Reading reading(int i) {
        return new Reading(storeName(i), sensor[i], hour(i), status(i), visits[i], anomaly[i]);
    }

    /** @param action called with each row as a value, in order */
    public void forEach(Consumer<Reading> action) {
        for (int i = 0; i < size; i++) {
            action.accept(reading(i));
        }
    }

    /** @return the rows as values, in order */
    public List<Reading> toList() {
        List<Reading> list = new ArrayList<>(size);
        forEach(list::add);
        return list;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Row " + i + " of a batch of " + size);
        }
        return i;
    }

    private void grow(int minCapacity) {
        int capacity = Math.max(minCapacity, visits.length + (visits.length >> 1) + 1);
        store = Arrays.copyOf(store, capacity);
        sensor = Arrays.copyOf(sensor, capacity);
        hour = Arrays.copyOf(hour, capacity);
        visits = Arrays.copyOf(visits, capacity);
        status = Arrays.copyOf(status, capacity);
        anomaly = Arrays.copyOf(anomaly, capacity);
    }
}
