package org.sensorsandmore.http.dashboard;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * Hand-made view rows with the warehouse's meaning (sums without failed readings, same-weekday
 * baselines over four weeks by date), so the server's validation, rendering and the page can be
 * tested without a database. The real warehouse is tested in {@link DashboardWarehouseTest}.
 *
 * <p>Two stores from 2024-06-03 (a Monday) for four weeks: "Lille" with four sensors, and a store
 * whose name is a spreadsheet formula and an HTML script. Lille's sensor 2 is down on 2024-06-10
 * from 10:00 to 14:00 and misses the 2024-06-12 15:00 reading.
 */
final class FixtureData implements DashboardData {
    static final String LILLE = "Lille";
    static final String HOSTILE = "=HYPERLINK(\"http://evil\"),<script>alert(1)</script>";
    static final LocalDate FIRST = LocalDate.of(2024, 6, 3);
    static final LocalDate END = FIRST.plusWeeks(4);

    private record Raw(String store, int sensor, LocalDateTime hour, Long visits) {}

    private record Key(String store, Integer sensor, LocalDate date, Integer hour) {}

    private final List<Raw> raw = new ArrayList<>();
    private int coverageCalls;
    private int queryCalls;

    FixtureData() {
        add(LILLE, 4);
        add(HOSTILE, 1);
    }

    private void add(String store, int sensors) {
        for (int sensor = 0; sensor < sensors; sensor++) {
            for (LocalDate date = FIRST; date.isBefore(END); date = date.plusDays(1)) {
                for (int hour = 0; hour < 24; hour++) {
                    boolean open = hour >= 8 && hour <= 20;
                    long visits = open ? 10 + (sensor + 1) * (hour % 7) + date.getDayOfMonth() % 5 : 0;
                    boolean failed = store.equals(LILLE)
                            && sensor == 2
                            && (date.equals(LocalDate.of(2024, 6, 10)) && hour >= 10 && hour < 14
                                    || date.equals(LocalDate.of(2024, 6, 12)) && hour == 15);
                    raw.add(new Raw(store, sensor, date.atTime(hour, 0), failed ? null : visits));
                }
            }
        }
    }

    /** @return how many times the coverage was asked, to check the server's cache */
    synchronized int coverageCalls() {
        return coverageCalls;
    }

    @Override
    public synchronized List<StoreCoverage> coverage() {
        coverageCalls++;
        LocalDateTime first = FIRST.atStartOfDay();
        LocalDateTime last = END.atStartOfDay().minusHours(1);
        return List.of(
                new StoreCoverage(HOSTILE, List.of(0), first, last, 28 * 24, 0),
                new StoreCoverage(LILLE, List.of(0, 1, 2, 3), first, last, 4L * 28 * 24, 5));
    }

    /** @return how many queries were asked, to check the server's cache */
    synchronized int queryCalls() {
        return queryCalls;
    }

    @Override
    public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
        synchronized (this) {
            queryCalls++;
        }
        all(query).stream().filter(row -> matches(query, row)).forEach(sink);
    }

    /** @return every row of the query's view, its filters applied */
    List<ViewRow> rows(ViewQuery query) {
        List<ViewRow> rows = new ArrayList<>();
        query(query, rows::add);
        return rows;
    }

    private static boolean matches(ViewQuery query, ViewRow row) {
        return (query.stores().isEmpty() || query.stores().contains(row.store()))
                && (row.sensorId() == null
                        || query.sensors().isEmpty()
                        || query.sensors().contains(row.sensorId()))
                && query.fromDate().map(from -> !row.date().isBefore(from)).orElse(true)
                && query.toDate().map(to -> row.date().isBefore(to)).orElse(true)
                && (row.hour() == null || row.hour() >= query.fromHour() && row.hour() <= query.toHour())
                && (query.weekdays().isEmpty() || query.weekdays().contains(row.weekday()));
    }

    /** The view before filtering, baselines included, in warehouse order. */
    private List<ViewRow> all(ViewQuery query) {
        boolean sensorLevel = query.view().level() == Level.SENSOR;
        boolean hourly = query.view().resolution() == Resolution.HOURLY;
        boolean legacy = query.failurePolicy() == FailurePolicy.LEGACY_ZERO;
        Map<Key, long[]> sums = new HashMap<>(); // visits, counted readings, readings, failed
        for (Raw r : raw) {
            Key key = new Key(
                    r.store(),
                    sensorLevel ? r.sensor() : null,
                    r.hour().toLocalDate(),
                    hourly ? r.hour().getHour() : null);
            long[] sum = sums.computeIfAbsent(key, k -> new long[4]);
            if (r.visits() != null) {
                sum[0] += r.visits();
                sum[1]++;
            } else {
                sum[3]++;
                if (legacy) {
                    sum[1]++; // the original counted a failed reading as 0 visits
                }
            }
            sum[2]++;
        }
        List<ViewRow> rows = new ArrayList<>();
        for (Map.Entry<Key, long[]> entry : sums.entrySet()) {
            Key key = entry.getKey();
            long[] sum = entry.getValue();
            Long visits = sum[1] == 0 ? null : sum[0];
            double total = 0;
            int dates = 0;
            for (int week = 0; week < query.baselineWeeks(); week++) {
                long[] earlier =
                        sums.get(new Key(key.store(), key.sensor(), key.date().minusWeeks(week), key.hour()));
                if (earlier != null && earlier[1] > 0) {
                    total += earlier[0];
                    dates++;
                }
            }
            Double baseline = dates == 0 ? null : total / dates;
            Double pct =
                    baseline == null || baseline == 0 || visits == null ? null : 100 * (visits - baseline) / baseline;
            rows.add(new ViewRow(
                    key.store(),
                    key.sensor(),
                    key.date(),
                    key.hour(),
                    key.date().getDayOfWeek(),
                    visits,
                    (int) sum[2],
                    (int) sum[3],
                    baseline,
                    pct,
                    true));
        }
        rows.sort(Comparator.comparing(ViewRow::store)
                .thenComparing(ViewRow::sensorId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ViewRow::date)
                .thenComparing(ViewRow::hour, Comparator.nullsFirst(Comparator.naturalOrder())));
        return rows;
    }
}
