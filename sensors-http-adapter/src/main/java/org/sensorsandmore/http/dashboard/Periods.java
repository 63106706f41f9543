package org.sensorsandmore.http.dashboard;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;
import java.util.function.Consumer;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * Daily rows summed into weeks (Monday to Sunday) or calendar months, for views over years. A
 * period's row is dated by its first day (its {@code weekday} that day's); its visits, readings and
 * failures are the sums of its days'; its baseline is the sum of the daily baselines of the days
 * that have both visits and a baseline, and {@code pct_diff} compares those days' visits with it; it
 * is complete when every one of its days is. Rows must come series by series, each in date order,
 * as the warehouse hands them on. Not thread-safe: one per answer.
 */
final class Periods implements Consumer<ViewRow> {
    /** The length of a period. */
    enum Period {
        WEEK,
        MONTH;

        LocalDate start(LocalDate day) {
            return this == WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
        }

        /** @return the parameter's value: {@code week} or {@code month} */
        String parameter() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Period period;
    private final Consumer<? super ViewRow> sink;

    private String store;
    private Integer sensor;
    private LocalDate start;
    private long visits;
    private boolean anyVisits;
    private long basedVisits;
    private double baseline;
    private boolean anyBaseline;
    private int readings;
    private int failed;
    private boolean complete;

    Periods(Period period, Consumer<? super ViewRow> sink) {
        this.period = period;
        this.sink = sink;
    }

    @Override
    public void accept(ViewRow day) {
        LocalDate dayStart = period.start(day.date());
        if (start == null
                || !dayStart.equals(start)
                || !day.store().equals(store)
                || !Objects.equals(day.sensorId(), sensor)) {
            finish();
            store = day.store();
            sensor = day.sensorId();
            start = dayStart;
            complete = true;
        }
        if (day.visits() != null) {
            visits += day.visits();
            anyVisits = true;
            if (day.baseline() != null) {
                basedVisits += day.visits();
                baseline += day.baseline();
                anyBaseline = true;
            }
        }
        readings += day.readings();
        failed += day.failed();
        complete &= day.complete();
    }

    /** Hands on the period being summed, if any; call once after the last row. */
    void finish() {
        if (start == null) {
            return;
        }
        Double pct = anyBaseline && baseline > 0 ? 100.0 * (basedVisits - baseline) / baseline : null;
        sink.accept(new ViewRow(
                store,
                sensor,
                start,
                null,
                start.getDayOfWeek(),
                anyVisits ? visits : null,
                readings,
                failed,
                anyBaseline ? baseline : null,
                pct,
                complete));
        start = null;
        visits = 0;
        anyVisits = false;
        basedVisits = 0;
        baseline = 0;
        anyBaseline = false;
        readings = 0;
        failed = 0;
    }
}
