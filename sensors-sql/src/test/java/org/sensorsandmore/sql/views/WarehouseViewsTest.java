package org.sensorsandmore.sql.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sensorsandmore.sql.testing.Fixtures.STORE;
import static org.sensorsandmore.sql.testing.Fixtures.monday;
import static org.sensorsandmore.sql.testing.Fixtures.mondays;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;

class WarehouseViewsTest {
    @TempDir
    Path dir;

    Warehouse warehouse;

    @BeforeEach
    void open() {
        warehouse = Warehouse.open(dir.resolve("test.duckdb"));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private ViewRow only(View view, FailurePolicy policy, Predicate<ViewRow> which) {
        List<ViewRow> rows = warehouse.query(ViewQuery.of(view).withFailurePolicy(policy)).stream()
                .filter(which)
                .toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void storeDailyBaselineIsTheMeanOfTheCurrentAndThreePreviousSameWeekdays() {
        warehouse.ingest(mondays(0, 1, 2, 3, 4));

        ViewRow row =
                only(View.STORE_DAILY, FailurePolicy.EXCLUDE, r -> r.date().equals(monday(4)));

        assertThat(row)
                .isEqualTo(new ViewRow(
                        STORE, null, monday(4), null, DayOfWeek.MONDAY, 360L, 48, 0, 252.0, row.pctDiff(), true));
        assertThat(row.pctDiff()).isCloseTo(100.0 * (360 - 252) / 252, within(1e-9));
    }

    @Test
    void firstWeekIsItsOwnBaselineWithZeroDifference() {
        warehouse.ingest(mondays(0, 1));

        ViewRow row = only(
                View.SENSOR_DAILY,
                FailurePolicy.EXCLUDE,
                r -> r.sensorId() == 1 && r.date().equals(monday(0)));

        assertThat(row.visits()).isEqualTo(48L);
        assertThat(row.baseline()).isEqualTo(48.0);
        assertThat(row.pctDiff()).isEqualTo(0.0);
    }

    @Test
    void aMissingWeekIsLeftOutOfTheBaselineNotReplacedByAnOlderOne() {
        warehouse.ingest(mondays(0, 1, 3, 4)); // no July 15th

        ViewRow row =
                only(View.STORE_DAILY, FailurePolicy.EXCLUDE, r -> r.date().equals(monday(4)));

        // weeks 1, 3, 4 (72 * 2, 72 * 4, 72 * 5); a row window would have taken week 0 as well
        assertThat(row.baseline()).isCloseTo(72.0 * 11 / 3, within(1e-9));
    }

    @Test
    void baselineWeeksIsAParameter() {
        warehouse.ingest(mondays(0, 1, 2, 3, 4));

        List<ViewRow> rows = warehouse.query(ViewQuery.of(View.STORE_DAILY).withBaselineWeeks(2));

        assertThat(rows.get(4).baseline()).isEqualTo(72.0 * 4.5);
    }

    @Test
    void sensorHourlyBaselineUsesTheSameHourOfTheSameWeekday() {
        List<Reading> readings = new ArrayList<>(mondays(0, 1, 2, 3));
        readings.add(Reading.ok(STORE, 0, monday(3).plusDays(1).atTime(10, 0), 1000)); // a Tuesday: other weekday
        warehouse.ingest(readings);

        ViewRow row = only(
                View.SENSOR_HOURLY,
                FailurePolicy.EXCLUDE,
                r -> r.sensorId() == 0 && r.date().equals(monday(3)) && r.hour() == 10);

        assertThat(row).isEqualTo(new ViewRow(STORE, 0, monday(3), 10, DayOfWeek.MONDAY, 4L, 1, 0, 2.5, 60.0, true));
    }

    private void ingestWithOneFailure() {
        List<Reading> readings = new ArrayList<>(mondays(0, 1, 2, 3));
        readings.removeIf(r -> r.sensorId() == 1 && r.hour().equals(monday(3).atTime(10, 0)));
        readings.add(Reading.failed(STORE, 1, monday(3).atTime(10, 0)));
        warehouse.ingest(readings);
    }

    /** @return the sensor row of the hour whose reading {@link #ingestWithOneFailure} made failed */
    private ViewRow failedHour(FailurePolicy policy) {
        return only(
                View.SENSOR_HOURLY, policy, r -> r.sensorId() == 1 && r.date().equals(monday(3)) && r.hour() == 10);
    }

    @Test
    void failedReadingIsExcludedFromSumsAndBaselinesAndCounted() {
        ingestWithOneFailure();

        ViewRow hour = failedHour(FailurePolicy.EXCLUDE);
        ViewRow storeHour =
                only(View.STORE_HOURLY, FailurePolicy.EXCLUDE, r -> r.date().equals(monday(3)) && r.hour() == 10);
        ViewRow storeDay =
                only(View.STORE_DAILY, FailurePolicy.EXCLUDE, r -> r.date().equals(monday(3)));

        assertThat(hour).isEqualTo(new ViewRow(STORE, 1, monday(3), 10, DayOfWeek.MONDAY, null, 1, 1, 4.0, null, true));
        assertThat(storeHour.visits()).isEqualTo(4L);
        assertThat(storeHour.failed()).isEqualTo(1);
        assertThat(storeHour.readings()).isEqualTo(2);
        assertThat(storeDay.visits()).isEqualTo(72L * 4 - 8);
        assertThat(storeDay.failed()).isEqualTo(1);
        assertThat(storeDay.complete()).isTrue();
    }

    @Test
    void legacyZeroCountsAFailedReadingAsZero() {
        ingestWithOneFailure();

        ViewRow hour = failedHour(FailurePolicy.LEGACY_ZERO);
        ViewRow sensorDay = only(
                View.SENSOR_DAILY,
                FailurePolicy.LEGACY_ZERO,
                r -> r.sensorId() == 1 && r.date().equals(monday(3)));

        assertThat(hour).isEqualTo(new ViewRow(STORE, 1, monday(3), 10, DayOfWeek.MONDAY, 0L, 1, 1, 3.0, -100.0, true));
        assertThat(sensorDay.visits()).isEqualTo(48L * 4 - 8);
        assertThat(sensorDay.baseline()).isEqualTo((48 + 96 + 144 + 184) / 4.0);
    }

    @Test
    void aPartialDayIsNotComplete() {
        List<Reading> readings = new ArrayList<>(mondays(0));
        readings.removeIf(r -> r.hour().getHour() >= 10);
        warehouse.ingest(readings);

        ViewRow sensorDay = only(View.SENSOR_DAILY, FailurePolicy.EXCLUDE, r -> r.sensorId() == 0);
        ViewRow storeDay = only(View.STORE_DAILY, FailurePolicy.EXCLUDE, r -> true);

        assertThat(sensorDay.readings()).isEqualTo(10);
        assertThat(sensorDay.complete()).isFalse();
        assertThat(storeDay.readings()).isEqualTo(20);
        assertThat(storeDay.complete()).isFalse();
    }

    @Test
    void aStoreHourMissingOneSensorIsNotComplete() {
        List<Reading> readings = new ArrayList<>(mondays(0));
        readings.removeIf(r -> r.sensorId() == 1 && r.hour().getHour() == 12);
        warehouse.ingest(readings);

        List<ViewRow> rows = warehouse.query(ViewQuery.of(View.STORE_HOURLY));

        assertThat(rows).hasSize(24);
        assertThat(rows.get(12).complete()).isFalse();
        assertThat(rows.get(11).complete()).isTrue();
    }

    @Test
    void theFourViewsHaveTheirRowCountsAndOrder() {
        warehouse.ingest(mondays(0, 1));

        assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize(2 * 2 * 24);
        assertThat(warehouse.query(ViewQuery.of(View.SENSOR_DAILY))).hasSize(2 * 2);
        assertThat(warehouse.query(ViewQuery.of(View.STORE_HOURLY))).hasSize(2 * 24);
        List<ViewRow> sensorHourly = warehouse.query(ViewQuery.of(View.SENSOR_HOURLY));
        assertThat(sensorHourly.get(0))
                .extracting(ViewRow::sensorId, ViewRow::date, ViewRow::hour)
                .containsExactly(0, monday(0), 0);
        assertThat(sensorHourly.get(24))
                .extracting(ViewRow::sensorId, ViewRow::date, ViewRow::hour)
                .containsExactly(0, monday(1), 0);
        assertThat(sensorHourly.get(48))
                .extracting(ViewRow::sensorId, ViewRow::date, ViewRow::hour)
                .containsExactly(1, monday(0), 0);
    }

    @Test
    void filtersPickRowsAfterBaselinesAreComputed() {
        warehouse.ingest(mondays(0, 1, 2, 3, 4));

        List<ViewRow> rows = warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)
                .withStores(Set.of(STORE))
                .withSensors(Set.of(1))
                .withDates(monday(4), monday(4).plusDays(1))
                .withHours(9, 10)
                .withWeekdays(Set.of(DayOfWeek.MONDAY)));

        assertThat(rows).extracting(ViewRow::hour).containsExactly(9, 10);
        assertThat(rows.get(0).baseline()).isEqualTo(2 * 3.5);
        assertThat(warehouse.query(ViewQuery.of(View.STORE_DAILY).withWeekdays(Set.of(DayOfWeek.TUESDAY))))
                .isEmpty();
    }

    @Test
    void hostileFilterStringsReturnNothingAndChangeNothing() {
        warehouse.ingest(mondays(0, 1));
        List<StoreCoverage> before = warehouse.coverage();

        for (String hostile : List.of(
                "Lyon' OR '1'='1",
                "Lyon'; DROP TABLE readings; --",
                "\" OR 1=1 --",
                "'; DELETE FROM readings WHERE '1'='1",
                "Lyon\u0000")) {
            for (View view : View.values()) {
                assertThat(warehouse.query(ViewQuery.of(view).withStores(Set.of(hostile))))
                        .as(hostile)
                        .isEmpty();
            }
        }

        assertThat(warehouse.coverage()).isEqualTo(before);
        assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize(96);
    }
}
