package org.sensorsandmore.sql.views;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sensorsandmore.sql.Warehouse;

/**
 * What to ask of a {@link Warehouse}: a view, filters, and how to compute baselines.
 *
 * <pre>{@code
 * ViewQuery query = ViewQuery.of(View.STORE_DAILY)
 *         .withStores(Set.of("Paris"))
 *         .withDates(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));
 * }</pre>
 *
 * <p>Empty store, sensor and weekday sets mean "all". Dates are a half-open range {@code [from,
 * to)}; hours an inclusive range {@code [fromHour, toHour]} within 0–23. A row's values, its baseline
 * and completeness included, do not depend on the filters: the warehouse reads only the readings the
 * asked rows and their baselines need (the weeks before the first day asked among them), and picks
 * the rows afterwards.
 *
 * <p>The compact constructor checks and copies every component; {@code with…} methods return
 * checked copies. This record is immutable and thread-safe.
 */
public record ViewQuery(
        View view,
        Set<String> stores,
        Set<Integer> sensors,
        Optional<LocalDate> fromDate,
        Optional<LocalDate> toDate,
        int fromHour,
        int toHour,
        Set<DayOfWeek> weekdays,
        int baselineWeeks,
        FailurePolicy failurePolicy) {

    /** The client's agreed baseline: the current and the three previous weeks. */
    public static final int DEFAULT_BASELINE_WEEKS = 4;

    /**
     * @param view the view asked
     * @param stores the stores asked; empty for all
     * @param sensors the sensor ids asked, none negative; empty for all (ignored by store-level views)
     * @param fromDate the first day asked, if limited
     * @param toDate the day after the last day asked, if limited: after {@code fromDate}
     * @param fromHour the first hour of the day asked, 0–23
     * @param toHour the last hour of the day asked (inclusive), {@code fromHour}–23
     * @param weekdays the days of the week asked; empty for all
     * @param baselineWeeks how many weeks a baseline averages over, the current one included: 1 or more
     * @param failurePolicy what a failed reading contributes
     */
    public ViewQuery {
        Objects.requireNonNull(view, "view");
        stores = Set.copyOf(new TreeSet<>(stores));
        sensors = Set.copyOf(sensors);
        for (int sensor : sensors) {
            if (sensor < 0) {
                throw new IllegalArgumentException("A sensor id cannot be negative: " + sensor);
            }
        }
        Objects.requireNonNull(fromDate, "fromDate");
        Objects.requireNonNull(toDate, "toDate");
        if (fromDate.isPresent() && toDate.isPresent() && !fromDate.get().isBefore(toDate.get())) {
            throw new IllegalArgumentException(
                    "The date range is empty: from " + fromDate.get() + " is not before to " + toDate.get());
        }
        if (fromHour < 0 || toHour > 23 || fromHour > toHour) {
            throw new IllegalArgumentException(
                    "The hour range must lie within 0-23 with from <= to: " + fromHour + "-" + toHour);
        }
        weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("The baseline needs at least one week: " + baselineWeeks);
        }
        Objects.requireNonNull(failurePolicy, "failurePolicy");
    }

    /**
     * @param view the view to ask
     * @return every row of the view, baselines over {@value #DEFAULT_BASELINE_WEEKS} weeks, failed
     *     readings excluded
     */
    public static ViewQuery of(View view) {
        return new ViewQuery(
                view,
                Set.of(),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                0,
                23,
                Set.of(),
                DEFAULT_BASELINE_WEEKS,
                FailurePolicy.EXCLUDE);
    }

    /** @return a copy asking another view */
    public ViewQuery withView(View newView) {
        return new ViewQuery(
                newView, stores, sensors, fromDate, toDate, fromHour, toHour, weekdays, baselineWeeks, failurePolicy);
    }

    /** @return a copy limited to these stores (empty: all) */
    public ViewQuery withStores(Set<String> newStores) {
        return new ViewQuery(
                view, newStores, sensors, fromDate, toDate, fromHour, toHour, weekdays, baselineWeeks, failurePolicy);
    }

    /** @return a copy limited to these sensor ids (empty: all); ignored by store-level views */
    public ViewQuery withSensors(Set<Integer> newSensors) {
        return new ViewQuery(
                view, stores, newSensors, fromDate, toDate, fromHour, toHour, weekdays, baselineWeeks, failurePolicy);
    }

    /** @return a copy limited to the days {@code [from, to)} */
    public ViewQuery withDates(LocalDate from, LocalDate to) {
        return new ViewQuery(
                view,
                stores,
                sensors,
                Optional.of(Objects.requireNonNull(from, "from")),
                Optional.of(Objects.requireNonNull(to, "to")),
                fromHour,
                toHour,
                weekdays,
                baselineWeeks,
                failurePolicy);
    }

    /** @return a copy limited to the hours of the day {@code [from, to]}; ignored by daily views */
    public ViewQuery withHours(int from, int to) {
        return new ViewQuery(view, stores, sensors, fromDate, toDate, from, to, weekdays, baselineWeeks, failurePolicy);
    }

    /** @return a copy limited to these days of the week (empty: all) */
    public ViewQuery withWeekdays(Set<DayOfWeek> newWeekdays) {
        return new ViewQuery(
                view, stores, sensors, fromDate, toDate, fromHour, toHour, newWeekdays, baselineWeeks, failurePolicy);
    }

    /** @return a copy whose baselines average over this many weeks (the current one included) */
    public ViewQuery withBaselineWeeks(int weeks) {
        return new ViewQuery(view, stores, sensors, fromDate, toDate, fromHour, toHour, weekdays, weeks, failurePolicy);
    }

    /** @return a copy with another failure policy */
    public ViewQuery withFailurePolicy(FailurePolicy policy) {
        return new ViewQuery(
                view, stores, sensors, fromDate, toDate, fromHour, toHour, weekdays, baselineWeeks, policy);
    }

    @Override
    public String toString() {
        return "ViewQuery[" + view + ", stores=" + stores + ", sensors=" + sensors + ", dates="
                + fromDate.orElse(null) + ".." + toDate.orElse(null) + ", hours=" + fromHour + "-" + toHour
                + ", weekdays=" + weekdays + ", baselineWeeks=" + baselineWeeks + ", " + failurePolicy + "]";
    }
}
