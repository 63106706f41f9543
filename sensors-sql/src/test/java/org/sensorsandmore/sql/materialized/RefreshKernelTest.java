package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.StoredReadings;

/**
 * What the refresh kernel leaves to the SQL, and the edges of the days it reads. Its rows against
 * a full recompute on random sequences of ingests: {@link StoredViewsPropertyTest}.
 */
class RefreshKernelTest {
    private static final String LYON = "(SELECT store_id FROM stores WHERE store = 'Lyon')";

    private static final LocalDateTime MONDAY = LocalDateTime.of(2024, 3, 4, 0, 0);

    /**
     * Visits of the smallest int, which the kernel's cells cannot hold: only a table written
     * outside the library has them (a reading's visits are 0 or more), and the next ingest of their
     * day maintains it with SQL.
     */
    @Test
    void countsTheKernelCannotHoldAreMaintainedWithSql() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(hours(MONDAY, 24 * 22 + 1, 7));
            warehouse.inTransaction(transaction -> {
                try (Statement statement = transaction.connection().createStatement()) {
                    StoredReadings.rewrite(
                            statement,
                            "UPDATE " + StoredReadings.TABLE + " SET visits = " + Integer.MIN_VALUE
                                    + " WHERE sensor_id = 0 AND store_id = " + LYON + " AND epoch_hour = (SELECT"
                                    + " MAX(epoch_hour) FROM " + StoredReadings.TABLE + ")");
                }
                return null;
            });
            warehouse.ingest(List.of(Reading.ok("Lyon", 0, MONDAY.plusDays(22).plusHours(1), 5)));
            StoredViewsPropertyTest.assertStoredEqualsSpec(warehouse, "the smallest int");
            Long stored = warehouse.read(connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT v0 FROM sensor_days WHERE sensor_id = 0"
                                + " AND store_id = " + LYON
                                + " AND epoch_day = (SELECT MAX(epoch_day) FROM sensor_days)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(stored).isEqualTo((long) Integer.MIN_VALUE);
        }
    }

    /**
     * Corrections three weeks back and today, in one ingest: a store's days span both, with the
     * days their baselines read before the first and after the last.
     */
    @Test
    void correctionsWeeksApartInOneIngestEqualAFullRecompute() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(hours(MONDAY, 24 * 50, 3));
            List<Reading> corrections = new ArrayList<>();
            corrections.add(Reading.failed("Lyon", 1, MONDAY.plusDays(2).plusHours(9)));
            corrections.add(Reading.ok("Lyon", 2, MONDAY.plusDays(24).plusHours(11), 999));
            corrections.add(Reading.ok("Turin", 0, MONDAY.plusDays(49).plusHours(23), 7));
            corrections.add(Reading.ok("Lyon", 5, MONDAY.plusDays(30).plusHours(3), 1));
            warehouse.ingest(corrections);
            StoredViewsPropertyTest.assertStoredEqualsSpec(warehouse, "corrections weeks apart");
        }
    }

    /**
     * Beyond its rows' budget the kernel reads no further and writes nothing: the SQL then
     * maintains the views, in memory DuckDB bounds.
     */
    @Test
    void moreRowsThanItsBudgetAreLeftToTheSql() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.ingest(hours(MONDAY, 24 * 29, 3));
            warehouse.inTransaction(transaction -> {
                Connection connection = transaction.connection();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMP TABLE touched AS SELECT store_id, sensor_id, epoch_day FROM"
                            + " sensor_days WHERE epoch_day = (SELECT MAX(epoch_day) FROM sensor_days)");
                    int last;
                    try (ResultSet rs = statement.executeQuery("SELECT MAX(epoch_day) FROM touched")) {
                        rs.next();
                        last = rs.getInt(1);
                    }
                    // Two stores of three sensors, on the day and the three weeks before: 24 rows.
                    assertThat(RefreshKernel.refresh(connection, "touched", last, last, "rebased", 23))
                            .isFalse();
                    assertThat(tables(statement)).doesNotContain("rebased", "refresh_kernel_read");
                    assertThat(RefreshKernel.refresh(connection, "touched", last, last, "rebased", 24))
                            .isTrue();
                    assertThat(tables(statement)).contains("rebased").doesNotContain("refresh_kernel_read");
                }
                return null;
            });
            StoredViewsPropertyTest.assertStoredEqualsSpec(warehouse, "refreshed within the budget");
        }
    }

    private static List<String> tables(Statement statement) throws java.sql.SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT table_name FROM duckdb_tables()")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** Readings of two stores, some sensors each, every hour from a start; visits vary by hour. */
    private static List<Reading> hours(LocalDateTime from, int hours, int sensors) {
        List<Reading> readings = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            for (String store : List.of("Lyon", "Turin")) {
                for (int sensor = 0; sensor < sensors; sensor++) {
                    readings.add(Reading.ok(store, sensor, from.plusHours(h), (h * 7 + sensor * 13) % 50));
                }
            }
        }
        return readings;
    }
}
