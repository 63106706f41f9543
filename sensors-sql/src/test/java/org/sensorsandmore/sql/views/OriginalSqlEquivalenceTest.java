package org.sensorsandmore.sql.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvReader;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.testing.Fixtures;

/**
 * On the original's own dataset, with {@code LEGACY_ZERO}, every view equals what the original's
 * SQL (ORIGINAL.md §5) computes on the same cleaned input, wherever its row window and our date
 * window hold the same days (they differ only after a missing same-weekday date).
 */
class OriginalSqlEquivalenceTest {
    private static Warehouse warehouse;
    private static Connection original;

    /** The original's window: the current and three previous rows of the partition. */
    private static final String ROWS = "ROWS BETWEEN 3 PRECEDING AND CURRENT ROW";

    private static final String DATES = "RANGE BETWEEN INTERVAL 21 DAYS PRECEDING AND CURRENT ROW";

    @BeforeAll
    static void load() throws Exception {
        List<Reading> readings = new java.util.ArrayList<>();
        ReadingCsvReader.create()
                .withFormat(ReadingCsvFormat.ORIGINAL)
                .read(Fixtures.originalDataset(), ReadingSink.into(readings));
        warehouse = Warehouse.inMemory();
        warehouse.ingest(readings);

        // process_data.py after cleaning: NULL rows dropped (the reader rejects them), exact
        // duplicates dropped, -1 and -2 set to 0, weekday 0 = Monday.
        original = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = original.createStatement()) {
            statement.execute(
                    "CREATE TABLE raw (date DATE, hour INTEGER, shop VARCHAR, sensor_id INTEGER, count INTEGER)");
        }
        try (DuckDBAppender appender = ((DuckDBConnection) original).createAppender("main", "raw")) {
            for (Reading reading : readings) {
                appender.beginRow();
                appender.append(reading.hour().toLocalDate());
                appender.append(reading.hour().getHour());
                appender.append(reading.store());
                appender.append(reading.sensorId());
                appender.append(reading.legacyCount());
                appender.endRow();
            }
        }
        try (Statement statement = original.createStatement()) {
            statement.execute("CREATE TABLE df AS SELECT DISTINCT date, hour, shop, sensor_id,"
                    + " CASE WHEN count < 0 THEN 0 ELSE count END AS count, isodow(date) - 1 AS weekday FROM raw");
        }
    }

    @AfterAll
    static void close() throws Exception {
        warehouse.close();
        original.close();
    }

    /** Runs one of the original's queries with the row counts of both windows alongside. */
    private static Map<String, double[]> originalResult(String grouped, String keys, String partition)
            throws Exception {
        String sql = "SELECT " + keys + ", count,"
                + " AVG(count) OVER (PARTITION BY " + partition + " ORDER BY date " + ROWS + ") AS avg_count_4days,"
                + " COUNT(*) OVER (PARTITION BY " + partition + " ORDER BY date " + ROWS + ") AS by_rows,"
                + " COUNT(*) OVER (PARTITION BY " + partition + " ORDER BY date " + DATES + ") AS by_dates"
                + " FROM (" + grouped + ") g";
        Map<String, double[]> rows = new HashMap<>();
        try (Statement statement = original.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int keyCount = keys.split(",").length;
            while (rs.next()) {
                StringBuilder key = new StringBuilder();
                for (int i = 1; i <= keyCount; i++) {
                    key.append(rs.getString(i)).append('|');
                }
                rows.put(key.toString(), new double[] {
                    rs.getDouble(keyCount + 1),
                    rs.getDouble(keyCount + 2),
                    rs.getLong(keyCount + 3),
                    rs.getLong(keyCount + 4)
                });
            }
        }
        return rows;
    }

    private static String key(ViewRow row) {
        StringBuilder key =
                new StringBuilder(row.store()).append('|').append(row.date()).append('|');
        if (row.hour() != null) {
            key.append(row.hour()).append('|');
        }
        if (row.sensorId() != null) {
            key.append(row.sensorId()).append('|');
        }
        return key.toString();
    }

    private static void assertSame(View view, Map<String, double[]> expected, int expectedRows) {
        List<ViewRow> rows = warehouse.query(ViewQuery.of(view).withFailurePolicy(FailurePolicy.LEGACY_ZERO));
        assertThat(rows).hasSize(expectedRows);
        assertThat(expected).hasSize(expectedRows);
        int compared = 0;
        for (ViewRow row : rows) {
            double[] theirs = expected.get(key(row));
            assertThat(theirs).as(key(row)).isNotNull();
            assertThat(row.visits().doubleValue()).as(key(row)).isEqualTo(theirs[0]);
            if (theirs[2] != theirs[3]) {
                continue; // a same-weekday date is missing: the row window reaches an older week
            }
            compared++;
            assertThat(row.baseline()).as(key(row)).isCloseTo(theirs[1], org.assertj.core.data.Offset.offset(1e-9));
            if (theirs[1] == 0) {
                assertThat(row.pctDiff()).as(key(row)).isNull(); // the original's 0/0 (NaN)
            } else {
                assertThat(row.pctDiff())
                        .as(key(row))
                        .isCloseTo(
                                100 * (theirs[0] - theirs[1]) / theirs[1], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(compared).as("rows where both windows agree").isGreaterThan(expectedRows / 2);
    }

    @Test
    void sensorHourlyEqualsTheOriginal() throws Exception {
        assertSame(
                View.SENSOR_HOURLY,
                originalResult("SELECT * FROM df", "shop, date, hour, sensor_id", "shop, weekday, hour, sensor_id"),
                34_861);
    }

    @Test
    void sensorDailyEqualsTheOriginal() throws Exception {
        assertSame(
                View.SENSOR_DAILY,
                originalResult(
                        "SELECT shop, date, sensor_id, weekday, SUM(count) AS count FROM df GROUP BY shop, date, sensor_id, weekday",
                        "shop, date, sensor_id",
                        "shop, weekday, sensor_id"),
                1_482);
    }

    @Test
    void storeHourlyEqualsTheOriginal() throws Exception {
        assertSame(
                View.STORE_HOURLY,
                originalResult(
                        "SELECT shop, date, hour, weekday, SUM(count) AS count FROM df GROUP BY shop, date, hour, weekday",
                        "shop, date, hour",
                        "shop, weekday, hour"),
                4_509);
    }

    @Test
    void storeDailyEqualsTheOriginal() throws Exception {
        assertSame(
                View.STORE_DAILY,
                originalResult(
                        "SELECT shop, date, weekday, SUM(count) AS count FROM df GROUP BY shop, date, weekday",
                        "shop, date",
                        "shop, weekday"),
                190);
    }

    @Test
    void theDatasetSpansTheExpectedDays() {
        assertThat(warehouse.coverage())
                .allSatisfy(c -> assertThat(c.lastHour().toLocalDate()).isEqualTo(LocalDate.of(2024, 8, 7)));
    }
}
