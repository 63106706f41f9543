package org.sensorsandmore.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The view texts ({@code views/*.sql} next to this class, shared with Spark) and the filtered query
 * built around them.
 *
 * <p>A text's only placeholders are {@code {{legacy_zero}}} and {@code {{baseline_days}}}, filled
 * with integers computed here; every filter value the user gives is a bind parameter.
 */
final class ViewSql {
    private static final Map<View, String> TEXTS = new EnumMap<>(View.class);

    static {
        for (View view : View.values()) {
            String resource = "views/" + view.tableName() + ".sql";
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
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("The baseline needs at least one week: " + baselineWeeks);
        }
        return TEXTS.get(view)
                .replace("{{legacy_zero}}", policy == FailurePolicy.LEGACY_ZERO ? "1" : "0")
                .replace("{{baseline_days}}", Integer.toString(7 * (baselineWeeks - 1)));
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

    /** A query's text and its bind parameters. */
    record Bound(String sql, List<Object> parameters) {}

    /**
     * @param query the view and filters
     * @return the view's text wrapped in the filters, as bind parameters, and the order
     */
    static Bound filtered(ViewQuery query) {
        View view = query.view();
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (!query.stores().isEmpty()) {
            where.append(" AND store IN (")
                    .append(placeholders(query.stores().size()))
                    .append(')');
            parameters.addAll(query.stores());
        }
        if (view.level() == Level.SENSOR && !query.sensors().isEmpty()) {
            where.append(" AND sensor_id IN (")
                    .append(placeholders(query.sensors().size()))
                    .append(')');
            parameters.addAll(query.sensors());
        }
        query.fromDate().ifPresent(from -> {
            where.append(" AND date >= ?");
            parameters.add(from);
        });
        query.toDate().ifPresent(to -> {
            where.append(" AND date < ?");
            parameters.add(to);
        });
        if (view.resolution() == Resolution.HOURLY && (query.fromHour() > 0 || query.toHour() < 23)) {
            where.append(" AND hour BETWEEN ? AND ?");
            parameters.add(query.fromHour());
            parameters.add(query.toHour());
        }
        if (!query.weekdays().isEmpty()) {
            where.append(" AND weekday IN (")
                    .append(placeholders(query.weekdays().size()))
                    .append(')');
            query.weekdays().forEach(day -> parameters.add(day.getValue() - 1));
        }
        String sql = "SELECT " + String.join(", ", columns(view)) + " FROM ("
                + text(view, query.baselineWeeks(), query.failurePolicy()) + ") v" + where + " ORDER BY "
                + orderBy(view);
        return new Bound(sql, List.copyOf(parameters));
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
