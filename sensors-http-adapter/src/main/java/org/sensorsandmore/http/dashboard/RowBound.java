package org.sensorsandmore.http.dashboard;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * The most rows a view query can answer, from what is stored for each store, at no cost: a view has
 * at most one row per store or sensor and per day or hour of the stored days. It is never below the
 * rows answered, so a query whose bound is within a limit needs no counting.
 */
final class RowBound {
    private RowBound() {}

    static long of(ViewQuery query, List<StoreCoverage> coverage) {
        boolean sensorLevel = query.view().level() == Level.SENSOR;
        long perDay = query.view().resolution() == Resolution.HOURLY ? 24 : 1;
        long bound = 0;
        for (StoreCoverage store : coverage) {
            if (!query.stores().isEmpty() && !query.stores().contains(store.store())) {
                continue;
            }
            long series = sensorLevel ? sensors(query, store) : 1;
            bound += series * days(query, store) * perDay;
        }
        return bound;
    }

    private static long sensors(ViewQuery query, StoreCoverage store) {
        if (query.sensors().isEmpty()) {
            return store.sensorIds().size();
        }
        return store.sensorIds().stream().filter(query.sensors()::contains).count();
    }

    /** The stored days within the query's dates, widened by a day each side for the stores' zones. */
    private static long days(ViewQuery query, StoreCoverage store) {
        LocalDate first = store.firstHour().toLocalDate().minusDays(1);
        LocalDate end = store.lastHour().toLocalDate().plusDays(2);
        if (query.fromDate().isPresent() && query.fromDate().get().isAfter(first)) {
            first = query.fromDate().get();
        }
        if (query.toDate().isPresent() && query.toDate().get().isBefore(end)) {
            end = query.toDate().get();
        }
        return Math.max(0, ChronoUnit.DAYS.between(first, end));
    }
}
