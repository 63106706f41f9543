package org.sensorsandmore.sql.views;

/** What a view row counts: one door sensor, or a whole store (the sum of its sensors). */
public enum Level {
    /** One row per sensor. */
    SENSOR,
    /** One row per store: the sum over its sensors. */
    STORE
}
