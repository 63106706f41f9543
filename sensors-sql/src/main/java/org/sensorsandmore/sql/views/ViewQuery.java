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
 * <p>This class is immutable and thread-safe.
 */
public final class ViewQuery {

    /** The client's agreed baseline: the current and the three previous weeks. */
    public static final int DEFAULT_BASELINE_WEEKS = 4;

    private final View view;
    private final Set<String> stores;
    private final Set<Integer> sensors;
    private final LocalDate fromDate;
    private final LocalDate toDate;
    private final int fromHour;
    private final int toHour;
    private final Set<DayOfWeek> weekdays;
    private final int baselineWeeks;
    private final FailurePolicy failurePolicy;

    private ViewQuery(
            View view,
            Set<String> stores,
            Set<Integer> sensors,
            LocalDate fromDate,
            LocalDate toDate,
            int fromHour,
            int toHour,
            Set<DayOfWeek> weekdays,
            int baselineWeeks,
            FailurePolicy failurePolicy) {
        this.view = Objects.requireNonNull(view, "view");
        this.stores = Set.copyOf(new TreeSet<>(stores));
        this.sensors = Set.copyOf(sensors);
        for (int sensor : this.sensors) {
            if (sensor < 0) {
                throw new IllegalArgumentException("A sensor id cannot be negative: " + sensor);
            }
        }
        if (fromDate != null && toDate != null && !fromDate.isBefore(toDate)) {
            throw new IllegalArgumentException(
                    "The date range is empty: from " + fromDate + " is not before to " + toDate);
        }
        this.fromDate = fromDate;
        this.toDate = toDate;
        if (fromHour < 0 || toHour > 23 || fromHour > toHour) {
            throw new IllegalArgumentException(
                    "The hour range must lie within 0-23 with from <= to: " + fromHour + "-" + toHour);
        }
        this.fromHour = fromHour;
        this.toHour = toHour;
        this.weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("The baseline needs at least one week: " + baselineWeeks);
        }
        this.baselineWeeks = baselineWeeks;
        this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
    }

    /**
     * @param view the view to ask
     * @return every row of the view, baselines over {@value #DEFAULT_BASELINE_WEEKS} weeks, failed
     *     readings excluded
     */
    public static ViewQuery of(View view) {
        return new ViewQuery(
                view, Set.of(), Set.of(), null, null, 0, 23, Set.of(), DEFAULT_BASELINE_WEEKS, FailurePolicy.EXCLUDE);
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
                Objects.requireNonNull(from, "from"),
                Objects.requireNonNull(to, "to"),
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

    /** @return the view asked */
    public View view() {
        return view;
    }

    /** @return the stores asked; empty for all */
    public Set<String> stores() {
        return stores;
    }

    /** @return the sensor ids asked; empty for all */
    public Set<Integer> sensors() {
        return sensors;
    }

    /** @return the first day asked, if limited */
    public Optional<LocalDate> fromDate() {
        return Optional.ofNullable(fromDate);
    }

    /** @return the day after the last day asked, if limited */
    public Optional<LocalDate> toDate() {
        return Optional.ofNullable(toDate);
    }

    /** @return the first hour of the day asked, 0–23 */
    public int fromHour() {
        return fromHour;
    }

    /** @return the last hour of the day asked (inclusive), 0–23 */
    public int toHour() {
        return toHour;
    }

    /** @return the days of the week asked; empty for all */
    public Set<DayOfWeek> weekdays() {
        return weekdays;
    }

    /** @return how many weeks a baseline averages over, the current one included */
    public int baselineWeeks() {
        return baselineWeeks;
    }

    /** @return what a failed reading contributes */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViewQuery q
                && view == q.view
                && stores.equals(q.stores)
                && sensors.equals(q.sensors)
                && Objects.equals(fromDate, q.fromDate)
                && Objects.equals(toDate, q.toDate)
                && fromHour == q.fromHour
                && toHour == q.toHour
                && weekdays.equals(q.weekdays)
                && baselineWeeks == q.baselineWeeks
                && failurePolicy == q.failurePolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                view, stores, sensors, fromDate, toDate, fromHour, toHour, weekdays, baselineWeeks, failurePolicy);
    }

    @Override
    public String toString() {
        return "ViewQuery[" + view + ", stores=" + stores + ", sensors=" + sensors + ", dates=" + fromDate + ".."
                + toDate + ", hours=" + fromHour + "-" + toHour + ", weekdays=" + weekdays + ", baselineWeeks="
                + baselineWeeks + ", " + failurePolicy + "]";
    }
}
