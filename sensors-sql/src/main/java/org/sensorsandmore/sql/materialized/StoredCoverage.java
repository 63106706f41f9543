package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.sql.StoreCoverage;

/**
 * What is stored for each sensor, from the sensor-day rows instead of every reading: a day's
 * first and last hour are the lowest and highest bits of its {@code present} mask.
 */
public final class StoredCoverage {
    /**
     * One row per store and sensor: {@code store, sensor_id, first_hour, last_hour, readings,
     * failed} (epoch hours), in store and sensor order.
     */
    public static final String ROWS = "SELECT s.store, c.sensor_id, c.first_hour, c.last_hour, c.readings, c.failed"
            + " FROM (SELECT store_id, sensor_id, MIN(" + firstHour() + ") AS first_hour, MAX(" + lastHour()
            + ") AS last_hour,"
            + " SUM(dr) AS readings, SUM(df) AS failed FROM sensor_days GROUP BY store_id, sensor_id) c"
            + " JOIN stores s USING (store_id) ORDER BY s.store, c.sensor_id";

    /**
     * Lets DuckDB group by (store_id, sensor_id), as {@link #ROWS} does, in an array indexed by
     * their values instead of a hash table, up to 18 bits of them (its {@code perfect_ht_threshold},
     * 12 unless set): 400 stores of 10 sensors take 15 bits with a NULL each, 1,000 take 16; a
     * fleet past it is grouped by hash as before. {@link #ROWS} of a 35 M-reading year: 13–20 ms
     * against 19–31 ms. {@link #GROUP_BY_HASH} undoes it.
     */
    public static final String GROUP_SENSORS_IN_ARRAYS = "SET perfect_ht_threshold = 18";

    /** Undoes {@link #GROUP_SENSORS_IN_ARRAYS}. */
    public static final String GROUP_BY_HASH = "RESET perfect_ht_threshold";

    private StoredCoverage() {}

    /**
     * @return a day row's first hour with a reading, as an expression over its {@code epoch_day} and
     *     {@code present} (never 0): its mask's lowest bit, which {@code x & -x} keeps alone
     */
    static String firstHour() {
        return "24 * epoch_day + CAST(log2(present & -present) AS INTEGER)";
    }

    /** @return a day row's last hour with a reading: its mask's highest bit */
    static String lastHour() {
        return "24 * epoch_day + CAST(floor(log2(present)) AS INTEGER)";
    }

    /**
     * @param connection a connection
     * @param rows a relation with the columns of {@link #ROWS}, in its order
     * @return what is stored for each store, by store name
     * @throws SQLException when the database fails
     */
    public static List<StoreCoverage> read(Connection connection, String rows) throws SQLException {
        List<StoreCoverage> result = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + rows + " ORDER BY store, sensor_id")) {
            String store = null;
            List<Integer> sensors = new ArrayList<>();
            LocalDateTime first = null;
            LocalDateTime last = null;
            long readings = 0;
            long failed = 0;
            while (rs.next()) {
                String name = rs.getString(1);
                if (!name.equals(store)) {
                    if (store != null) {
                        result.add(new StoreCoverage(store, sensors, first, last, readings, failed));
                    }
                    store = name;
                    sensors = new ArrayList<>();
                    first = null;
                    last = null;
                    readings = 0;
                    failed = 0;
                }
                sensors.add(rs.getInt(2));
                LocalDateTime min = Hours.ofEpochHour(rs.getInt(3));
                LocalDateTime max = Hours.ofEpochHour(rs.getInt(4));
                first = first == null || min.isBefore(first) ? min : first;
                last = last == null || max.isAfter(last) ? max : last;
                readings += rs.getLong(5);
                failed += rs.getLong(6);
            }
            if (store != null) {
                result.add(new StoreCoverage(store, sensors, first, last, readings, failed));
            }
            return result;
        }
    }
}
