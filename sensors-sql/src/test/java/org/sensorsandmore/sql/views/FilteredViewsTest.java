package org.sensorsandmore.sql.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;

/**
 * The filters are pushed into the views' inner query for speed; these tests hold them to the
 * meaning they had before: a filtered query returns exactly the unfiltered query's rows that match
 * the filter, with the same baselines, differences and completeness.
 *
 * <p>The data: the original network less Paris (19 sensors in four stores, footfall model, seed 7)
 * from Monday 2023-12-11 to Monday 2024-02-26, so Madrid (opened 2024-01-01) has not-open weeks and
 * the model's failures are in. On top: no readings at all in the week of 2024-01-15 (a gap in
 * dates), none for Roma on 2024-02-05 and 06, Berlin's sensor 2 missing three hours of 2024-01-24 (a
 * partial day), a Berlin sensor 9 that reported only on 2023-12-12 (so a Berlin store row is
 * complete only if the sensor count covers all of Berlin's history, not the filtered dates), and
 * London's sensor 0 failed for the whole of 2024-02-12.
 */
class FilteredViewsTest {
    private static final LocalDate FIRST = LocalDate.of(2023, 12, 11);
    private static final LocalDate END = LocalDate.of(2024, 2, 26);
    private static final LocalDate GAP = LocalDate.of(2024, 1, 15);

    @TempDir
    static Path dir;

    static Warehouse warehouse;

    @BeforeAll
    static void ingest() {
        warehouse = Warehouse.open(dir.resolve("filtered.duckdb"));
        StoreNetwork network = StoreNetwork.original().only(List.of("Madrid", "Berlin", "Roma", "London"));
        List<Reading> readings = new ArrayList<>();
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(7), network)) {
            client.readings(HourWindow.of(FIRST, END), batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    readings.add(batch.reading(i));
                }
            });
        }
        LocalDate londonDown = LocalDate.of(2024, 2, 12);
        LocalDate berlinPartial = LocalDate.of(2024, 1, 24);
        List<Reading> kept = new ArrayList<>();
        for (Reading reading : readings) {
            LocalDate date = reading.hour().toLocalDate();
            boolean inGap = !date.isBefore(GAP) && date.isBefore(GAP.plusWeeks(1));
            boolean romaGap = reading.store().equals("Roma")
                    && (date.equals(LocalDate.of(2024, 2, 5)) || date.equals(LocalDate.of(2024, 2, 6)));
            boolean berlinHole = reading.store().equals("Berlin")
                    && reading.sensorId() == 2
                    && date.equals(berlinPartial)
                    && reading.hour().getHour() >= 12
                    && reading.hour().getHour() < 15;
            if (inGap || romaGap || berlinHole) {
                continue;
            }
            if (reading.store().equals("London") && reading.sensorId() == 0 && date.equals(londonDown)) {
                kept.add(Reading.failed("London", 0, reading.hour()));
            } else {
                kept.add(reading);
            }
        }
        for (int hour = 0; hour < 24; hour++) {
            kept.add(Reading.ok("Berlin", 9, LocalDateTime.of(2023, 12, 12, hour, 0), 5));
        }
        warehouse.ingest(kept);
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    /** Filters to try, each on every view, policy and baseline length. */
    static List<UnaryOperator<ViewQuery>> filters() {
        LocalDate midFrom = LocalDate.of(2024, 1, 10); // a Wednesday, 30 days into the data
        Set<DayOfWeek> mondayToSaturday = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
        return List.of(
                q -> q,
                q -> q.withStores(Set.of("Berlin")),
                q -> q.withStores(Set.of("Roma", "London")).withSensors(Set.of(0, 3)),
                q -> q.withSensors(Set.of(1)),
                q -> q.withDates(midFrom, LocalDate.of(2024, 2, 10)),
                q -> q.withDates(LocalDate.of(2024, 1, 22), LocalDate.of(2024, 1, 30)), // just after the gap
                q -> q.withDates(LocalDate.of(2024, 1, 17), LocalDate.of(2024, 1, 31)), // starts in the gap
                q -> q.withDates(midFrom, LocalDate.of(2024, 2, 10))
                        .withHours(9, 17)
                        .withWeekdays(mondayToSaturday),
                q -> q.withStores(Set.of("Berlin"))
                        .withSensors(Set.of(2))
                        .withDates(LocalDate.of(2024, 1, 24), LocalDate.of(2024, 1, 25)),
                q -> q.withStores(Set.of("London"))
                        .withWeekdays(Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY))
                        .withDates(LocalDate.of(2024, 2, 1), LocalDate.of(2030, 1, 1)),
                q -> q.withStores(Set.of("Madrid", "Berlin")).withHours(0, 0),
                q -> q.withHours(23, 23).withWeekdays(Set.of(DayOfWeek.SUNDAY)),
                q -> q.withDates(LocalDate.of(2020, 1, 1), LocalDate.of(2023, 12, 20)), // from before the data
                q -> q.withDates(GAP, GAP.plusDays(7)), // only the gap: nothing
                q -> q.withStores(Set.of("Nowhere")));
    }

    static Stream<Arguments> settings() {
        List<Arguments> settings = new ArrayList<>();
        for (View view : View.values()) {
            for (FailurePolicy policy : FailurePolicy.values()) {
                for (int weeks : new int[] {1, 4}) {
                    settings.add(Arguments.of(view, policy, weeks));
                }
            }
        }
        return settings.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} weeks")
    @MethodSource("settings")
    void filteredQueryEqualsTheUnfilteredRowsFilteredInJava(View view, FailurePolicy policy, int weeks) {
        ViewQuery all = ViewQuery.of(view).withFailurePolicy(policy).withBaselineWeeks(weeks);
        List<ViewRow> every = warehouse.query(all);
        assertThat(every).isNotEmpty();

        long compared = 0;
        List<UnaryOperator<ViewQuery>> filters = filters();
        for (int i = 0; i < filters.size(); i++) {
            ViewQuery query = filters.get(i).apply(all);
            List<ViewRow> expected =
                    every.stream().filter(row -> matches(query, row)).toList();

            assertThat(warehouse.query(query)).as("filter %d: %s", i, query).containsExactlyElementsOf(expected);
            compared += expected.size();
        }
        assertThat(compared).isGreaterThan(every.size());
    }

    @Test
    void theDataMakeTheWidenedWindowAndTheStoreSensorCountMatter() {
        // Without the earlier weeks, a baseline on the first days of a range would be the day's own
        // value; the fixture has rows where it is not, so the test above would catch a narrow window.
        LocalDate from = LocalDate.of(2024, 1, 10);
        List<ViewRow> firstWeek =
                warehouse.query(ViewQuery.of(View.STORE_DAILY).withDates(from, from.plusDays(7))).stream()
                        .filter(row -> row.visits() != null)
                        .toList();
        assertThat(firstWeek).anyMatch(row -> row.baseline() != row.visits().doubleValue());
        // Berlin's sensor 9 reported on one early day only: later Berlin days are not complete,
        // while every sensor's own days are.
        assertThat(warehouse.query(ViewQuery.of(View.STORE_DAILY)
                        .withStores(Set.of("Berlin"))
                        .withDates(from, from.plusDays(7))))
                .isNotEmpty()
                .noneMatch(ViewRow::complete);
        assertThat(warehouse.query(ViewQuery.of(View.SENSOR_DAILY)
                        .withStores(Set.of("Berlin"))
                        .withDates(from, from.plusDays(7))))
                .isNotEmpty()
                .allMatch(ViewRow::complete);
        // The model's failures are in the data, so both policies are tested on failed readings.
        assertThat(warehouse.query(ViewQuery.of(View.SENSOR_DAILY))).anyMatch(row -> row.failed() > 0);
    }

    /** The filters' meaning, written out: what a caller reads in {@link ViewQuery}'s Javadoc. */
    private static boolean matches(ViewQuery query, ViewRow row) {
        View view = query.view();
        if (!query.stores().isEmpty() && !query.stores().contains(row.store())) {
            return false;
        }
        if (view.level() == Level.SENSOR
                && !query.sensors().isEmpty()
                && !query.sensors().contains(row.sensorId())) {
            return false;
        }
        if (query.fromDate().isPresent() && row.date().isBefore(query.fromDate().get())) {
            return false;
        }
        if (query.toDate().isPresent() && !row.date().isBefore(query.toDate().get())) {
            return false;
        }
        if (view.resolution() == Resolution.HOURLY && (row.hour() < query.fromHour() || row.hour() > query.toHour())) {
            return false;
        }
        return query.weekdays().isEmpty() || query.weekdays().contains(row.weekday());
    }
}
