package org.sensorsandmore.core;

/**
 * What a sensor reported for one hour.
 *
 * <p>Closed hours are {@link #OK} with 0 visits: the door was counted and nobody came in.
 */
public enum ReadingStatus {
    /** The sensor reported a count. */
    OK(0),
    /** The sensor did not report: there is no count. The original system wrote {@code -1}. */
    FAILED(-1),
    /** The hour is before the store opened. The original system wrote {@code -2}. */
    NOT_OPEN(-2);

    private final int legacyCode;

    ReadingStatus(int legacyCode) {
        this.legacyCode = legacyCode;
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
