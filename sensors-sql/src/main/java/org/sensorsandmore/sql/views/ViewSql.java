package org.sensorsandmore.sql.views;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.sql.Warehouse;

/**
 * The warehouse's query builder: the view texts ({@code <view>.sql} in this package's resource
 * folder, shared with Spark) and the filtered query built around them, which {@link
 * Warehouse#query} runs. Other engines read the texts through {@link ViewTexts}.
 *
 * <p>A text's placeholders are {@code {{readings}}}, the stored readings with their calendar
 * columns ({@link #READINGS}), {@code {{legacy_zero}}}, {@code {{baseline_days}}} and {@code
 * {{failed}}} (the stored code of a failed reading, {@link ReadingStatus#code()}: no text spells a
 * status code), filled with integers computed here, and {@code {{filter}}} and {@code {{store_filter}}}, conditions that
 * narrow what the view reads ({@code TRUE} to read it all). Every filter value the user gives is a
 * bind parameter; placeholders in comment lines are left as they are.
 */
public final class ViewSql {
    private static final Map<View, String> TEXTS = new EnumMap<>(View.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)\\}\\}");

    /**
     * The stored readings with the calendar columns the views group by: {@code epoch_day}, {@code
     * hour_of_day} and {@code weekday} (0 = Monday; 1970-01-01 was a Thursday). Derived here with
     * arithmetic that DuckDB and Spark evaluate alike, rather than stored: a narrower table ingests
     * faster, and no engine's date functions (whose names and conventions differ) are needed.
     */
    static final String READINGS = "(SELECT store_id, sensor_id, epoch_hour, epoch_day,"
            + " epoch_hour - 24 * epoch_day AS hour_of_day,"
            + " ((epoch_day % 7) + 10) % 7 AS weekday,"
            + " status, visits"
            + " FROM (SELECT store_id, sensor_id, epoch_hour, CAST(floor(epoch_hour / 24) AS INTEGER) AS epoch_day,"
            + " status, visits FROM readings) stored)";

    /** The measure columns of a finished row of a grouped view, read from its summed columns and baseline. */
    private static final String MEASURES = "visits, readings, failed, baseline,"
            + " CASE WHEN visits IS NULL OR baseline IS NULL OR baseline = 0 THEN NULL"
            + " ELSE 100.0 * (visits - baseline) / baseline END AS pct_diff";

    /** The condition on {@code store_id} that keeps the named stores: the names are bind parameters. */
    private static String storeIdsNamed(int count) {
        return "store_id IN (SELECT store_id FROM stores WHERE store IN ("
                + String.join(", ", Collections.nCopies(count, "?")) + "))";
    }

    static {
        for (View view : View.values()) {
            String resource = view.tableName() + ".sql";
            try (InputStream in = Objects.requireNonNull(
                    ViewSql.class.getResourceAsStream(resource), "missing resource " + resource)) {
                TEXTS.put(view, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ViewSql() {}

    /**
     * @param view the view
     * @return its text with the placeholders left in, as Spark reads it
     */
    static String template(View view) {
        return TEXTS.get(view);
    }

    /**
     * @param view the view
     * @param baselineWeeks weeks in a baseline, 1 or more
     * @param policy what a failed reading counts
     * @return the view's full text, every row, ready to run
     */
    static String text(View view, int baselineWeeks, FailurePolicy policy) {
        Bound bound = render(view, baselineWeeks, policy, Fragment.ALL, Fragment.ALL);
        return bound.sql();
    }

    /** The columns a view yields, in order. */
    static List<String> columns(View view) {
        List<String> columns = new ArrayList<>(List.of("store"));
        if (view.level() == Level.SENSOR) {
            columns.add("sensor_id");
        }
        columns.add("date");
        if (view.resolution() == Resolution.HOURLY) {
            columns.add("hour");
        }
        columns.addAll(List.of("weekday", "visits", "readings", "failed", "baseline", "pct_diff", "complete"));
        return columns;
    }

    /** The order of {@link Warehouse#query}: store, sensor, date, hour. */
    static String orderBy(View view) {
        return "store" + (view.level() == Level.SENSOR ? ", sensor_id" : "") + ", date"
                + (view.resolution() == Resolution.HOURLY ? ", hour" : "");
    }

    /**
     * A query's text and its bind parameters, in order.
     *
     * @param sql the text, with a {@code ?} for each parameter
     * @param parameters the parameters' values
     */
    public record Bound(String sql, List<Object> parameters) {
        /**
         * @param connection where to prepare the query
         * @return the query prepared, its parameters bound; the caller closes it
         * @throws SQLException when the database fails
         */
        public PreparedStatement prepare(Connection connection) throws SQLException {
            return prepare(connection, sql);
        }

        /**
         * @param connection where to prepare the statement
         * @param statement a statement that embeds this query's text (a {@code COPY (…) TO}) or
         *     has its parameters in the same places
         * @return the statement prepared, this query's parameters bound; the caller closes it
         * @throws SQLException when the database fails
         */
        public PreparedStatement prepare(Connection connection, String statement) throws SQLException {
            PreparedStatement prepared = connection.prepareStatement(statement);
            try {
                for (int i = 0; i < parameters.size(); i++) {
                    prepared.setObject(i + 1, parameters.get(i));
                }
                return prepared;
            } catch (SQLException | RuntimeException e) {
                prepared.close();
                throw e;
            }
        }
    }

    /** A condition and its bind parameters, for one placeholder. */
    private record Fragment(String sql, List<Object> parameters) {
        static final Fragment ALL = new Fragment("TRUE", List.of());

        static Fragment literal(int value) {
            return new Fragment(Integer.toString(value), List.of());
        }
    }

    /**
     * The view's text wrapped in the filters, as bind parameters, and the order.
     *
     * <p>The filters are applied twice. Inside the view they narrow the readings it reads to those
     * the asked rows and their baselines need: the stores, the sensors (sensor views), the hours
     * (hourly views; a baseline is per hour there) and the weekdays (a baseline is per weekday),
     * and the dates from {@code baseline_days} before the first day asked, so that a baseline at the
     * start of the range still sees its earlier weeks. Outside, they pick the asked rows. A daily
     * row sums all the hours of its day whatever the hour range, as before. A store's sensor count
     * (for {@code complete}) is narrowed by store only.
     *
     * @param query the view and filters
     * @return the query's text and bind parameters
     */
    public static Bound filtered(ViewQuery query) {
        View view = query.view();
        int baselineDays = baselineDays(query.baselineWeeks());
        Conditions inner = new Conditions();
        Conditions outer = new Conditions();
        Conditions store = new Conditions();
        if (!query.stores().isEmpty()) {
            List<Object> names = List.copyOf(query.stores());
            inner.add(storeIdsNamed(names.size()), names.toArray());
            outer.in("store", query.stores());
            store.add(storeIdsNamed(names.size()), names.toArray());
        }
        if (view.level() == Level.SENSOR && !query.sensors().isEmpty()) {
            inner.in("sensor_id", query.sensors());
            outer.in("sensor_id", query.sensors());
        }
        // Dates narrow the stored epoch_hour, whose min-max statistics let the engine skip whole
        // blocks of readings.
        query.fromDate().ifPresent(from -> {
            inner.add("epoch_hour >= ?", firstEpochHour(from.minusDays(baselineDays)));
            outer.add("date >= ?", from);
        });
        query.toDate().ifPresent(to -> {
            // A baseline looks back only: nothing after the range is needed.
            inner.add("epoch_hour < ?", firstEpochHour(to));
            outer.add("date < ?", to);
        });
        if (view.resolution() == Resolution.HOURLY && (query.fromHour() > 0 || query.toHour() < 23)) {
            inner.add("hour_of_day BETWEEN ? AND ?", query.fromHour(), query.toHour());
            outer.add("hour BETWEEN ? AND ?", query.fromHour(), query.toHour());
        }
        if (!query.weekdays().isEmpty()) {
            List<Integer> days = query.weekdays().stream()
                    .map(ViewRow::weekdayNumber)
                    .sorted()
                    .toList();
            inner.in("weekday", days);
            outer.in("weekday", days);
        }
        Bound text = render(view, query.baselineWeeks(), query.failurePolicy(), inner.fragment(), store.fragment());
        Fragment where = outer.fragment();
        List<Object> parameters = new ArrayList<>(text.parameters());
        parameters.addAll(where.parameters());
        String sql = "SELECT " + String.join(", ", columns(view)) + " FROM (" + text.sql() + ") v WHERE " + where.sql()
                + " ORDER BY " + orderBy(view);
        return new Bound(sql, List.copyOf(parameters));
    }

    private static long firstEpochHour(LocalDate day) {
        return day.toEpochDay() * 24;
    }

    /**
     * One term for the current hour's visits and one for each earlier week's, added: {@code visits}
     * and {@code LAG(visits, 168 * k)} over a sensor's readings in hour order, which is the same hour
     * k weeks before for a sensor without gaps (sensor_hourly.sql).
     */
    private static String weeksBack(int baselineWeeks, String term) {
        List<String> terms = new ArrayList<>();
        terms.add(String.format(Locale.ROOT, term, "visits"));
        for (int k = 1; k < baselineWeeks; k++) {
            terms.add(String.format(
                    Locale.ROOT,
                    term,
                    "LAG(visits, " + (168 * k) + ") OVER (PARTITION BY store_id, sensor_id ORDER BY epoch_hour)"));
        }
        return String.join(" + ", terms);
    }

    /**
     * The summed columns of a group of readings, the same in every view that groups them (a day of a
     * sensor, a day or an hour of a store): visits (null when a failed reading counts as missing),
     * readings and failed.
     */
    private static String sums(FailurePolicy policy) {
        String failed = StatusCodes.is("status", ReadingStatus.FAILED);
        return "CAST(SUM(CASE WHEN " + failed + " AND " + legacyZero(policy)
                + " = 0 THEN NULL ELSE COALESCE(visits, 0) END) AS BIGINT) AS visits,"
                + " CAST(COUNT(*) AS INTEGER) AS readings,"
                + " CAST(SUM(CASE WHEN " + failed + " THEN 1 ELSE 0 END) AS INTEGER) AS failed";
    }

    /** 1 when a failed reading counts as 0 visits (the original's rule), else 0. */
    private static int legacyZero(FailurePolicy policy) {
        return policy == FailurePolicy.LEGACY_ZERO ? 1 : 0;
    }

    private static int baselineDays(int baselineWeeks) {
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("The baseline needs at least one week: " + baselineWeeks);
        }
        return 7 * (baselineWeeks - 1);
    }

    /** Fills the placeholders in text order, collecting their parameters in the same order. */
    private static Bound render(
            View view, int baselineWeeks, FailurePolicy policy, Fragment filter, Fragment storeFilter) {
        Map<String, Fragment> values = Map.of(
                "readings",
                new Fragment(READINGS, List.of()),
                "legacy_zero",
                Fragment.literal(legacyZero(policy)),
                "failed",
                Fragment.literal(ReadingStatus.FAILED.code()),
                "baseline_days",
                Fragment.literal(baselineDays(baselineWeeks)),
                "filter",
                filter,
                "store_filter",
                storeFilter,
                "weeks_sum",
                new Fragment(weeksBack(baselineWeeks, "COALESCE(%s, 0)"), List.of()),
                "weeks_counted",
                new Fragment(weeksBack(baselineWeeks, "CASE WHEN %s IS NULL THEN 0 ELSE 1 END"), List.of()),
                "sums",
                new Fragment(sums(policy), List.of()),
                "measures",
                new Fragment(MEASURES, List.of()));
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (String line : TEXTS.get(view).split("\n", -1)) {
            if (line.strip().startsWith("--")) {
                sql.append(line).append('\n');
                continue;
            }
            Matcher matcher = PLACEHOLDER.matcher(line);
            int end = 0;
            while (matcher.find()) {
                Fragment fragment = values.get(matcher.group(1));
                if (fragment == null) {
                    throw new IllegalStateException(
                            "Unknown placeholder in " + view.tableName() + ".sql: " + matcher.group());
                }
                sql.append(line, end, matcher.start()).append(fragment.sql());
                parameters.addAll(fragment.parameters());
                end = matcher.end();
            }
            sql.append(line, end, line.length()).append('\n');
        }
        return new Bound(sql.toString(), List.copyOf(parameters));
    }

    /** Conditions joined by AND, with their bind parameters in order. */
    private static final class Conditions {
        private final List<String> sql = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        void add(String condition, Object... values) {
            sql.add(condition);
            parameters.addAll(Arrays.asList(values));
        }

        void in(String column, Collection<?> values) {
            sql.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
            parameters.addAll(values);
        }

        Fragment fragment() {
            return sql.isEmpty()
                    ? Fragment.ALL
                    : new Fragment("(" + String.join(" AND ", sql) + ")", List.copyOf(parameters));
        }
    }
}
