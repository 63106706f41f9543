package org.sensorsandmore.sql.materialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewSql;
import org.sensorsandmore.sql.views.ViewTexts;

/**
 * Random sequences of ingests (hours in order with gaps, the next hour alone, backfills,
 * corrections of values and statuses, of the newest day alone, the same readings twice, late
 * readings weeks back, new sensors and stores), and after
 * every one the stored views equal the view texts computed over every reading: every row, both
 * failure policies. A failure names its seed and step.
 */
class StoredViewsPropertyTest {
    private static final LocalDate START = LocalDate.of(2024, 3, 4);
    private static final int DAYS = 56;
    private static final List<String> STORES = List.of("Lyon", "Paris", "Turin");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void storedViewsEqualAFullRecomputeAfterEveryIngest(long seed) {
        ingestAndCompare(seed);
    }

    /** The same, maintained by the SQL that {@link RefreshKernel} replaces where it can run. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void storedViewsMaintainedWithSqlEqualAFullRecompute(long seed) {
        System.setProperty(RefreshKernel.DISABLE_PROPERTY, "true");
        try {
            ingestAndCompare(seed);
        } finally {
            System.clearProperty(RefreshKernel.DISABLE_PROPERTY);
        }
    }

    private static void ingestAndCompare(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Warehouse warehouse = Warehouse.inMemory()) {
            int hour = 0;
            List<Reading> last = List.of();
            for (int step = 0; step < 14; step++) {
                int kind = step == 0 ? 0 : random.nextInt(9);
                List<Reading> readings = new ArrayList<>();
                String what;
                switch (kind) {
                    case 0, 1 -> {
                        // The next hours, in order, with some readings missing.
                        int hours = 1 + random.nextInt(step == 0 ? 24 * 30 : 60);
                        for (int h = hour; h < Math.min(hour + hours, DAYS * 24); h++) {
                            addHour(readings, random, h, 3, 0.97);
                        }
                        hour = Math.min(hour + hours, DAYS * 24);
                        what = "the next " + hours + " hours";
                    }
                    case 2 -> {
                        // A backfill of earlier hours, out of order, some readings replaced.
                        int from = random.nextInt(Math.max(1, hour));
                        int to = Math.min(hour, from + 1 + random.nextInt(24 * 9));
                        for (int h = to - 1; h >= from; h--) {
                            addHour(readings, random, h, 3, 0.9);
                        }
                        what = "a backfill of hours " + from + " to " + to;
                    }
                    case 3 -> {
                        // Corrections: values and statuses of stored keys change.
                        for (int i = 0; i < 1 + random.nextInt(40) && hour > 0; i++) {
                            readings.add(reading(random, random.nextInt(hour), random.nextInt(3)));
                        }
                        what = "corrections";
                    }
                    case 4 -> {
                        readings.addAll(last);
                        what = "the same readings again";
                    }
                    case 5 -> {
                        // Late readings weeks back, a new sensor among them.
                        for (int i = 0; i < 1 + random.nextInt(6) && hour > 0; i++) {
                            readings.add(reading(random, random.nextInt(hour), random.nextInt(5)));
                        }
                        what = "late readings";
                    }
                    case 6 -> {
                        // The next hour alone, as an hourly run adds it: each sensor's newest day.
                        if (hour < DAYS * 24) {
                            addHour(readings, random, hour, 3, 0.97);
                            hour++;
                        }
                        what = "the next hour";
                    }
                    case 7 -> {
                        // Corrections within the newest day only, as a lookback re-fetch makes them.
                        int today = Math.max(0, hour - 1) / 24 * 24;
                        for (int i = 0; i < 1 + random.nextInt(20) && hour > 0; i++) {
                            readings.add(reading(random, today + random.nextInt(hour - today), random.nextInt(3)));
                        }
                        what = "corrections of the newest day";
                    }
                    default -> {
                        // A whole new store's history: more than the maintenance's share, a rebuild.
                        for (int h = 0; h < hour; h++) {
                            if (random.nextDouble() < 0.8) {
                                readings.add(Reading.ok(
                                        "Store " + step, 0, START.atStartOfDay().plusHours(h), random.nextInt(50)));
                            }
                        }
                        what = "a new store";
                    }
                }
                warehouse.ingest(readings);
                last = readings;
                assertStoredEqualsSpec(warehouse, "seed " + seed + ", step " + step + " (" + what + ")");
            }
        }
    }

    /**
     * A series of commits that defer their views (a catch-up's chunks): windows in and out of
     * order, the same window again from another model (corrections of values and statuses), and
     * the next commit that does not defer brings every view to a full recompute.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aSeriesThatDefersItsViewsEndsWithTheViewsOfAFullRecompute(long seed) {
        deferringSeries(seed, false);
    }

    /**
     * The same from an empty warehouse, as a first catch-up: its first commit changes every day, so
     * the later ones of the series do not gather which days they change, and the commit that does
     * not defer rebuilds.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5})
    void aFirstLoadThatDefersItsViewsEndsWithTheViewsOfAFullRecompute(long seed) {
        deferringSeries(seed, true);
    }

    private static void deferringSeries(long seed, boolean firstLoadDeferred) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Warehouse warehouse = Warehouse.inMemory();
                SimulatedClient footfall = SimulatedClient.of(new FootfallModel(seed), StoreNetwork.original());
                SimulatedClient classic = SimulatedClient.of(new ClassicModel(), StoreNetwork.original())) {
            HourWindow first = HourWindow.of(START, START.plusDays(14));
            if (firstLoadDeferred) {
                warehouse.inTransaction(transaction -> {
                    transaction.deferViews();
                    return transaction.ingest(footfall, first, List.of());
                });
            } else {
                warehouse.ingest(footfall, first);
            }
            List<ViewRow> maintained = warehouse.query(ViewQuery.of(View.SENSOR_HOURLY));
            if (firstLoadDeferred) {
                assertThat(maintained)
                        .as("seed %d: nothing maintained yet", seed)
                        .isEmpty();
            }
            for (int step = 0; step < 8; step++) {
                LocalDateTime from = START.atStartOfDay().plusHours(random.nextInt(DAYS * 24 - 1));
                HourWindow window = HourWindow.of(from, from.plusHours(1 + random.nextInt(24 * 10)));
                SimulatedClient client = random.nextBoolean() ? footfall : classic;
                warehouse.inTransaction(transaction -> {
                    transaction.deferViews();
                    return transaction.ingest(client, window, List.of());
                });
                assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)))
                        .as("seed %d, step %d: the views of the last maintained commit", seed, step)
                        .isEqualTo(maintained);
            }
            warehouse.inTransaction(transaction -> null);
            assertStoredEqualsSpec(warehouse, "seed " + seed + ", after the series");
        }
    }

    private static void addHour(List<Reading> readings, SplittableRandom random, int h, int sensors, double kept) {
        for (String store : STORES) {
            for (int sensor = 0; sensor < sensors; sensor++) {
                if (random.nextDouble() < kept) {
                    readings.add(reading(random, h, sensor, store));
                }
            }
        }
    }

    private static Reading reading(SplittableRandom random, int h, int sensor) {
        return reading(random, h, sensor, STORES.get(random.nextInt(STORES.size())));
    }

    private static Reading reading(SplittableRandom random, int h, int sensor, String store) {
        LocalDateTime at = START.atStartOfDay().plusHours(h);
        double pick = random.nextDouble();
        if (pick < 0.08) {
            return Reading.failed(store, sensor, at);
        }
        if (pick < 0.12) {
            return Reading.ofLegacyCount(store, sensor, at, -2);
        }
        return Reading.ok(store, sensor, at, random.nextInt(pick < 0.15 ? 1 : 200));
    }

    /** Every view, both policies: the stored rows are the view text's rows, in the same order. */
    static void assertStoredEqualsSpec(Warehouse warehouse, String context) {
        for (View view : View.values()) {
            for (FailurePolicy policy : FailurePolicy.values()) {
                ViewQuery query = ViewQuery.of(view).withFailurePolicy(policy);
                List<List<Object>> stored = rows(warehouse, StoredViewSql.filtered(query), view);
                List<List<Object>> spec = rows(warehouse, ViewSql.filtered(query), view);
                assertThat(stored)
                        .as("%s: %s %s", context, view, policy)
                        .hasSameSizeAs(spec)
                        .containsExactlyElementsOf(spec);
                // The rows the warehouse answers, made from the day rows in Java, are the text's.
                List<ViewRow> text = warehouse.read(connection -> {
                    List<ViewRow> rows = new ArrayList<>();
                    StoredViewSql.run(connection, StoredViewSql.filtered(query), view, rows::add);
                    return rows;
                });
                assertThat(warehouse.query(query))
                        .as("%s: %s %s read in Java", context, view, policy)
                        .containsExactlyElementsOf(text);
            }
        }
    }

    private static List<List<Object>> rows(Warehouse warehouse, ViewSql.Bound bound, View view) {
        List<String> columns = ViewTexts.columns(view);
        return warehouse.read(connection -> {
            List<List<Object>> rows = new ArrayList<>();
            try (PreparedStatement statement = bound.prepare(connection)) {
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (String column : columns) {
                            row.add(value(rs, column));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        });
    }

    private static Object value(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        // The same number in another integer type is the same value.
        return value instanceof Number n && !(value instanceof Double) ? (Object) n.longValue() : value;
    }
}
