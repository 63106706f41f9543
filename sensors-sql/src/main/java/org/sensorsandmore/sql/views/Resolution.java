package org.sensorsandmore.sql.views;

/** How finely a view cuts time: one row per hour or one row per day. */
public enum Resolution {
    /** One row per hour. */
    HOURLY,
    /** One row per calendar day. */
    DAILY
}
