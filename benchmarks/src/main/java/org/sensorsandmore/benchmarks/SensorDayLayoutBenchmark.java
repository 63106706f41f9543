package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sensorsandmore.benchmarks.support.ScratchFolder;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewTexts;

/**
 * A candidate layout for materialized views (the incremental-views issue), measured beside the
 * view texts of today: one row per sensor and day holding its 24 hourly sums ({@code v0 … v23}),
 * its daily sum, and their same-weekday baselines taken by one window over days ({@code b0 … b23},
 * {@code baseline}): 24 hourly baselines at once, over 1/24 of the rows. Not the library's code;
 * the SQL here exists to decide whether the layout is worth building.
 *
 * <ul>
 *   <li>{@code specSensorHourly}: today's {@code sensor_hourly} text over every reading, summed in
 *       DuckDB (what a full rebuild of that view computes).
 *   <li>{@code sensorDays}: the sensor-day rows with their 25 baselines over every reading, summed.
 *   <li>{@code storeYearHourly}: one store's hourly rows (10 sensors × a year) read back from stored
 *       sensor-day rows, one row per hour, as a dashboard would ask.
 *   <li>{@code maintainOneDay}: an hourly run's work: the sensor-day rows of one day, for every
 *       sensor, deleted and recomputed from the readings of that day and its three earlier same
 *       weekdays, committed.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SensorDayLayoutBenchmark -f 1 -wi 1 -i 5</pre>
 */
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class SensorDayLayoutBenchmark extends SingleShotBenchmark {
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);

    /** The window over days that gives the client's four-week baseline, per sensor and weekday. */
    private static final String FOUR_WEEKS = " OVER (PARTITION BY store_id, sensor_id, (epoch_day + 3) % 7"
            + " ORDER BY epoch_day RANGE BETWEEN 21 PRECEDING AND CURRENT ROW)";

    /** Stores of ten sensors each. */
    @Param({"400"})
    public int stores;

    /** Days of readings from 2024-01-01. */
    @Param({"365"})
    public int days;

    private ScratchFolder scratch;
    private Warehouse warehouse;
    private int storeCursor;

    @Setup
    public void setUp() throws IOException {
        scratch = ScratchFolder.create("sensor-days-");
        warehouse = scratch.warehouse(
                "fleet.duckdb",
                ReadingGenerator.of(new FootfallModel(42), StoreNetwork.fleet(stores, 10))
                        .withThreads(2),
                HourWindow.of(FROM, FROM.plusDays(days)));
        warehouse.inTransaction(transaction -> {
            execute(
                    transaction.connection(),
                    "CREATE OR REPLACE TABLE sensor_days AS " + sensorDays("TRUE")
                            + " ORDER BY store_id, sensor_id, epoch_day");
            return null;
        });
    }

    @TearDown
    public void tearDown() throws IOException {
        warehouse.close();
        scratch.close();
    }

    @Benchmark
    public double specSensorHourly() {
        String spec = ViewTexts.sql(View.SENSOR_HOURLY, 4, FailurePolicy.EXCLUDE);
        return warehouse.read(connection -> single(connection, "SELECT SUM(baseline) FROM (" + spec + ") v"));
    }

    @Benchmark
    public double sensorDays() {
        return warehouse.read(connection -> single(connection, "SELECT SUM(b12) FROM (" + sensorDays("TRUE") + ") d"));
    }

    @Benchmark
    public long storeYearHourly() {
        int store = 1 + (storeCursor++ * 37) % stores;
        return warehouse.read(connection -> {
            long rows = 0;
            try (PreparedStatement statement = connection.prepareStatement(storeHours())) {
                statement.setInt(1, store);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
            }
            return rows;
        });
    }

    @Benchmark
    public long maintainOneDay() {
        int day = (int) FROM.plusDays(days - 1).toEpochDay();
        StringBuilder weeks = new StringBuilder("(");
        for (int k = 0; k < 4; k++) {
            int first = (day - 7 * k) * 24;
            weeks.append(k == 0 ? "" : " OR ")
                    .append("epoch_hour BETWEEN ")
                    .append(first)
                    .append(" AND ")
                    .append(first + 23);
        }
        String recompute = sensorDays(weeks.append(")").toString());
        return warehouse.inTransaction(transaction -> {
            try (Statement statement = transaction.connection().createStatement()) {
                statement.executeUpdate("DELETE FROM sensor_days WHERE epoch_day = " + day);
                return (long) statement.executeUpdate(
                        "INSERT INTO sensor_days SELECT * FROM (" + recompute + ") d WHERE epoch_day = " + day);
            }
        });
    }

    /** Sensor-day rows with their baselines, over the readings that satisfy a condition. */
    private static String sensorDays(String condition) {
        StringBuilder sql = new StringBuilder("WITH d AS (SELECT store_id, sensor_id, epoch_hour // 24 AS epoch_day");
        for (int hour = 0; hour < 24; hour++) {
            sql.append(", CAST(SUM(CASE WHEN epoch_hour % 24 = ")
                    .append(hour)
                    .append(" AND status <> 1 THEN visits END) AS BIGINT) AS v")
                    .append(hour);
        }
        sql.append(", CAST(SUM(CASE WHEN status <> 1 THEN visits END) AS BIGINT) AS visits, COUNT(*) AS readings,"
                        + " SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END) AS failed FROM readings WHERE ")
                .append(condition)
                .append(" GROUP BY store_id, sensor_id, epoch_day) SELECT *");
        for (int hour = 0; hour < 24; hour++) {
            sql.append(", AVG(v")
                    .append(hour)
                    .append(")")
                    .append(FOUR_WEEKS)
                    .append(" AS b")
                    .append(hour);
        }
        return sql.append(", AVG(visits)")
                .append(FOUR_WEEKS)
                .append(" AS baseline FROM d")
                .toString();
    }

    /** One store's hourly rows from its sensor-day rows: each row crossed with the 24 hours. */
    private static String storeHours() {
        StringBuilder values = new StringBuilder();
        StringBuilder baselines = new StringBuilder();
        for (int hour = 0; hour < 24; hour++) {
            values.append(hour == 0 ? "" : ", ").append('v').append(hour);
            baselines.append(hour == 0 ? "" : ", ").append('b').append(hour);
        }
        return "SELECT sensor_id, epoch_day, h, [" + values + "][h + 1] AS visits, [" + baselines
                + "][h + 1] AS baseline FROM sensor_days, range(24) hours(h) WHERE store_id = ?"
                + " ORDER BY sensor_id, epoch_day, h";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
