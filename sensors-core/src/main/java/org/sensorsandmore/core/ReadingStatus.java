package org.sensorsandmore.core;

/**
 * What a sensor reported for one hour.
 *
 * <p>Closed hours are {@link #OK} with 0 visits: the door was counted and nobody came in.
 *
 * <p>Each status has a {@linkplain #code() code}, 0, 1 or 2: how a {@link ReadingBatch} holds it and
 * how a warehouse stores it ({@code readings.status}). This enum is the one place that says which
 * code is which; the SQL texts get them from it.
 */
public enum ReadingStatus {
    /** The sensor reported a count. */
    OK(0, 0),
    /** The sensor did not report: there is no count. The original system wrote {@code -1}. */
    FAILED(1, -1),
    /** The hour is before the store opened. The original system wrote {@code -2}. */
    NOT_OPEN(2, -2);

    /** By code: the codes are 0, 1 and 2, in declaration order. */
    private static final ReadingStatus[] BY_CODE = values();

    private final byte code;
    private final int legacyCode;

    ReadingStatus(int code, int legacyCode) {
        this.code = (byte) code;
        this.legacyCode = legacyCode;
    }

    /**
     * The code of this status as a batch holds it and a warehouse stores it: 0 for OK, 1 for failed,
     * 2 for not open.
     *
     * @return the code
     */
    public byte code() {
        return code;
    }

    /**
     * @param code a status's code, 0 to 2
     * @return the status with that code
     * @throws IllegalArgumentException for any other number
     */
    public static ReadingStatus ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("A status code is 0 (OK), 1 (FAILED) or 2 (NOT_OPEN), not " + code);
        }
        return BY_CODE[code];
    }

    /**
     * The count the original system used for this status: {@code -1} for failed, {@code -2} for not
     * open, and {@code 0} for OK (where the real count is used instead).
     *
     * @return the original's sentinel count
     */
    public int legacyCode() {
        return legacyCode;
    }

    /**
     * The status of one of the original system's counts.
     *
     * @param count a count as the original wrote it
     * @return {@code FAILED} for -1, {@code NOT_OPEN} for -2, {@code OK} for a count of 0 or more
     * @throws IllegalArgumentException for any other negative count
     */
    public static ReadingStatus ofLegacyCount(long count) {
        if (count >= 0) {
            return OK;
        }
        if (count == -1) {
            return FAILED;
        }
        if (count == -2) {
            return NOT_OPEN;
        }
        throw new IllegalArgumentException("A count must be 0 or more, -1 (failed) or -2 (not open), not " + count);
    }
}
