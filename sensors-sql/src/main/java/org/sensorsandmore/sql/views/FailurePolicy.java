package org.sensorsandmore.sql.views;

/** What a failed reading (the original's {@code -1}) contributes to a view's sums. */
public enum FailurePolicy {
    /** A failed reading adds nothing to {@code visits}; it is counted in {@code failed}. */
    EXCLUDE,
    /** The original system's rule: a failed reading counts as 0 visits. Reproduces its numbers. */
    LEGACY_ZERO
}
