package org.sensorsandmore.http.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * One store's profile over a range: its busiest hours (the mean visits of each weekday and hour,
 * over the days that have them) and how its doors share the visits, doors well below an equal share
 * marked as barely used. Built from the store-hourly and sensor-daily rows the API answers, so the
 * two always agree.
 */
final class StoreProfile {
    /** A door taking less than this share of an equal split (100 % / doors) is barely used. */
    static final double BARELY_USED_OF_EQUAL_SHARE = 0.5;

    /** One cell of the heatmap: a weekday (0 = Monday), an hour, and its mean visits. */
    record Cell(int weekday, int hour, double meanVisits, int days) {}

    /** A door: its visits over the range, its share of the store's, and whether it is barely used. */
    record Door(int sensorId, long visits, double sharePercent, boolean barelyUsed) {}

    private final List<Cell> cells;
    private final List<Door> doors;
    private final double barelyUsedBelowPercent;

    private StoreProfile(List<Cell> cells, List<Door> doors, double barelyUsedBelowPercent) {
        this.cells = cells;
        this.doors = doors;
        this.barelyUsedBelowPercent = barelyUsedBelowPercent;
    }

    /**
     * @param query one store, its dates, hours and weekdays; its view is not used
     * @param rows runs a query and hands on its rows
     * @return the profile
     */
    static StoreProfile of(ViewQuery query, BiConsumer<ViewQuery, Consumer<ViewRow>> rows) {
        double[][] sums = new double[7][24];
        int[][] days = new int[7][24];
        rows.accept(query.withView(View.STORE_HOURLY), row -> {
            if (row.visits() != null) {
                int weekday = ViewRow.weekdayNumber(row.weekday());
                sums[weekday][row.hour()] += row.visits();
                days[weekday][row.hour()]++;
            }
        });
        List<Cell> cells = new ArrayList<>();
        for (int weekday = 0; weekday < 7; weekday++) {
            for (int hour = 0; hour < 24; hour++) {
                if (days[weekday][hour] > 0) {
                    cells.add(new Cell(weekday, hour, sums[weekday][hour] / days[weekday][hour], days[weekday][hour]));
                }
            }
        }
        Map<Integer, long[]> visits = new TreeMap<>();
        rows.accept(query.withView(View.SENSOR_DAILY), row -> {
            long[] sum = visits.computeIfAbsent(row.sensorId(), id -> new long[1]);
            sum[0] += row.visits() == null ? 0 : row.visits();
        });
        long total = visits.values().stream().mapToLong(sum -> sum[0]).sum();
        double barelyBelow = visits.isEmpty() ? 0 : BARELY_USED_OF_EQUAL_SHARE * 100.0 / visits.size();
        List<Door> doors = new ArrayList<>();
        visits.forEach((sensor, sum) -> {
            double share = total == 0 ? 0 : 100.0 * sum[0] / total;
            doors.add(new Door(sensor, sum[0], share, total > 0 && share < barelyBelow));
        });
        return new StoreProfile(List.copyOf(cells), List.copyOf(doors), barelyBelow);
    }

    List<Cell> cells() {
        return cells;
    }

    List<Door> doors() {
        return doors;
    }

    /** @return the share below which a door is barely used, in percent */
    double barelyUsedBelowPercent() {
        return barelyUsedBelowPercent;
    }
}
