package org.sensorsandmore.http.dashboard;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sensorsandmore.http.ErrorResponseException;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * The query string of {@code /api/view} and {@code /api/health}, checked and turned into a {@link
 * ViewQuery}. Every message names the parameter and the value, so a user can fix the URL.
 *
 * <pre>
 * view      sensor_hourly | sensor_daily | store_hourly | store_daily (default store_daily)
 * store     a store name; repeat for several (default: all)
 * sensor    a sensor id, or ids separated by commas; repeat for several (default: all)
 * from, to  ISO dates, to excluded (default: everything stored)
 * hours     FROM-TO, hours of the day 0-23, both included (default 0-23)
 * weekdays  0-6 (0 = Monday) separated by commas (default: all)
 * failures  exclude | legacy_zero (default exclude)
 * threshold health only: the failure rate in percent above which a sensor is flagged
 * part      health.csv only: sensors (default) | outages
 * </pre>
 */
final class Parameters {
    static final Set<String> VIEW_NAMES =
            Set.of("view", "store", "sensor", "from", "to", "hours", "weekdays", "failures", "period");
    static final Set<String> HEALTH_NAMES =
            Set.of("store", "sensor", "from", "to", "hours", "weekdays", "failures", "threshold");
    static final Set<String> HEALTH_CSV_NAMES =
            Set.of("store", "sensor", "from", "to", "hours", "weekdays", "failures", "threshold", "part");

    static final Set<String> RUNS_NAMES = Set.of("limit");
    static final Set<String> PORTFOLIO_NAMES = Set.of("threshold");
    static final Set<String> PROFILE_NAMES = Set.of("store", "from", "to", "hours", "weekdays", "failures");

    /** The most pipeline runs one answer lists. */
    static final int MAX_RUNS = 1_000;

    /** Longer than any real store name; keeps hostile input from growing messages and logs. */
    static final int MAX_VALUE_LENGTH = 200;

    private static final int MAX_SENSOR_ID = 100_000;

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param values the query string's parameters
     * @param allowed the names this endpoint knows: any other is a mistake worth saying
     */
    static Parameters of(Map<String, List<String>> values, Set<String> allowed) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new ErrorResponseException("Unknown parameter '" + shorten(entry.getKey())
                        + "'; this endpoint takes " + String.join(", ", new TreeSet<>(allowed)));
            }
            for (String value : entry.getValue()) {
                if (value.length() > MAX_VALUE_LENGTH) {
                    throw new ErrorResponseException(
                            "Parameter '" + entry.getKey() + "' is longer than " + MAX_VALUE_LENGTH + " characters");
                }
            }
        }
        return new Parameters(values);
    }

    /** @param defaultView the view when the request names none */
    ViewQuery query(View defaultView) {
        String viewName = single("view");
        View view = viewName == null ? defaultView : view(viewName);
        ViewQuery query = ViewQuery.of(view).withStores(stores()).withSensors(sensors());
        String from = single("from");
        String to = single("to");
        if ((from == null) != (to == null)) {
            throw new ErrorResponseException("Give both 'from' and 'to', or neither");
        }
        if (from != null) {
            LocalDate fromDate = date("from", from);
            LocalDate toDate = date("to", to);
            if (!fromDate.isBefore(toDate)) {
                throw new ErrorResponseException(
                        "'from' (" + from + ") must be before 'to' (" + to + "); 'to' is excluded");
            }
            query = query.withDates(fromDate, toDate);
        }
        String hours = single("hours");
        if (hours != null) {
            int dash = hours.indexOf('-');
            int fromHour = dash < 0 ? -1 : hour(hours.substring(0, dash));
            int toHour = dash < 0 ? -1 : hour(hours.substring(dash + 1));
            if (fromHour < 0 || toHour < 0 || fromHour > toHour) {
                throw new ErrorResponseException(
                        "'hours' must be FROM-TO with 0 <= FROM <= TO <= 23, not '" + shorten(hours) + "'");
            }
            query = query.withHours(fromHour, toHour);
        }
        String weekdays = single("weekdays");
        if (weekdays != null) {
            query = query.withWeekdays(weekdays(weekdays));
        }
        String failures = single("failures");
        if (failures != null) {
            query = query.withFailurePolicy(failurePolicy(failures));
        }
        return query;
    }

    /**
     * @param view the view asked
     * @return the period daily rows are summed into, or null for none
     */
    Periods.Period period(View view) {
        String value = single("period");
        if (value == null || value.equals("day")) {
            return null;
        }
        for (Periods.Period period : Periods.Period.values()) {
            if (period.parameter().equals(value)) {
                if (view.resolution() != org.sensorsandmore.sql.views.Resolution.DAILY) {
                    throw new ErrorResponseException(
                            "'period' sums days: it goes with a daily view, not " + view.tableName());
                }
                return period;
            }
        }
        throw new ErrorResponseException("'period' must be day, week or month, not '" + shorten(value) + "'");
    }

    /** @return the failure-rate threshold in percent */
    double threshold(double defaultPercent) {
        String value = single("threshold");
        if (value == null) {
            return defaultPercent;
        }
        try {
            double percent = Double.parseDouble(value);
            if (percent >= 0 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ErrorResponseException("'threshold' must be a percentage 0-100, not '" + shorten(value) + "'");
    }

    /** @return whether health.csv lists the outages instead of the sensors */
    boolean outagesPart() {
        String part = single("part");
        if (part == null || part.equals("sensors")) {
            return false;
        }
        if (part.equals("outages")) {
            return true;
        }
        throw new ErrorResponseException("'part' must be sensors or outages, not '" + shorten(part) + "'");
    }

    Set<String> stores() {
        List<String> stores = values.getOrDefault("store", List.of());
        for (String store : stores) {
            if (store.isBlank()) {
                throw new ErrorResponseException("'store' cannot be empty");
            }
        }
        return new LinkedHashSet<>(stores);
    }

    private Set<Integer> sensors() {
        Set<Integer> sensors = new TreeSet<>();
        for (String value : values.getOrDefault("sensor", List.of())) {
            for (String id : value.split(",", -1)) {
                sensors.add(sensorId(id.trim()));
            }
        }
        return sensors;
    }

    private String single(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return null;
        }
        if (list.size() > 1) {
            throw new ErrorResponseException(
                    "Parameter '" + name + "' is given " + list.size() + " times; give it once");
        }
        return list.get(0);
    }

    private static View view(String name) {
        for (View view : View.values()) {
            if (view.tableName().equals(name)) {
                return view;
            }
        }
        throw new ErrorResponseException(
                "'view' must be sensor_hourly, sensor_daily, store_hourly or store_daily, not '" + shorten(name) + "'");
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ErrorResponseException(
                    "'" + name + "' must be a date like 2024-07-01, not '" + shorten(value) + "'");
        }
    }

    private static int hour(String value) {
        int hour = smallNumber(value.trim(), 2);
        return hour <= 23 ? hour : -1;
    }

    private static int sensorId(String value) {
        int id = smallNumber(value, 6);
        if (id < 0 || id > MAX_SENSOR_ID) {
            throw new ErrorResponseException("'sensor' must be sensor ids 0-" + MAX_SENSOR_ID
                    + " separated by commas, not '" + shorten(value) + "'");
        }
        return id;
    }

    private static Set<DayOfWeek> weekdays(String value) {
        if (value.isBlank()) {
            throw new ErrorResponseException("'weekdays' is empty: pick at least one day (0 = Monday … 6 = Sunday)");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : value.split(",", -1)) {
            int day = smallNumber(part.trim(), 1);
            if (day < 0 || day > 6) {
                throw new ErrorResponseException(
                        "'weekdays' must be days 0-6 (0 = Monday) separated by commas, not '" + shorten(value) + "'");
            }
            days.add(DayOfWeek.of(day + 1));
        }
        return days;
    }

    private static FailurePolicy failurePolicy(String value) {
        return FailurePolicy.ofParameterName(value)
                .orElseThrow(() -> new ErrorResponseException(
                        "'failures' must be exclude or legacy_zero, not '" + shorten(value) + "'"));
    }

    /** @return how many pipeline runs or incidents to list: {@code limit}, 1 to {@value #MAX_RUNS}, by default 20 */
    int limit() {
        String value = single("limit");
        if (value == null) {
            return 20;
        }
        int limit = smallNumber(value, 4);
        if (limit < 1 || limit > MAX_RUNS) {
            throw new ErrorResponseException(
                    "'limit' must be a number 1-" + MAX_RUNS + ", not '" + shorten(value) + "'");
        }
        return limit;
    }

    /** @return the value as a number of at most {@code digits} ASCII digits, or -1 */
    private static int smallNumber(String value, int digits) {
        if (value.isEmpty() || value.length() > digits) {
            return -1;
        }
        int number = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1; // Integer.parseInt would take "+1" and non-ASCII digits
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
