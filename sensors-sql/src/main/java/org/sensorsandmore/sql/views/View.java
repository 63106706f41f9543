package org.sensorsandmore.sql.views;

import java.util.Locale;

/** The client's four views: sensor or store, hourly or daily. */
public enum View {
    /** One row per sensor and hour. */
    SENSOR_HOURLY(Level.SENSOR, Resolution.HOURLY),
    /** One row per sensor and day. */
    SENSOR_DAILY(Level.SENSOR, Resolution.DAILY),
    /** One row per store and hour. */
    STORE_HOURLY(Level.STORE, Resolution.HOURLY),
    /** One row per store and day. */
    STORE_DAILY(Level.STORE, Resolution.DAILY);

    private final Level level;
    private final Resolution resolution;

    View(Level level, Resolution resolution) {
        this.level = level;
        this.resolution = resolution;
    }

    /** @return whether rows are per sensor or per store */
    public Level level() {
        return level;
    }

    /** @return whether rows are per hour or per day */
    public Resolution resolution() {
        return resolution;
    }

    /** @return the name used for exports and tables: {@code sensor_hourly}, {@code store_daily}… */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param level sensor or store
     * @param resolution hourly or daily
     * @return the view with that level and resolution
     */
    public static View of(Level level, Resolution resolution) {
        for (View view : values()) {
            if (view.level == level && view.resolution == resolution) {
                return view;
            }
        }
        throw new AssertionError(level + " " + resolution);
    }
}
