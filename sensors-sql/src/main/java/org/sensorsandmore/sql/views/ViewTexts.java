package org.sensorsandmore.sql.views;

import java.util.List;
import java.util.Objects;
import org.sensorsandmore.sql.Warehouse;

/**
 * The view texts as other engines run them: the one accessor through which {@code sensors-spark}
 * (or any other engine) reads the SQL that the {@link Warehouse} runs, so that each view has one
 * text.
 *
 * <p>A text reads two relations with the columns the warehouse stores: {@code readings} ({@code
 * store_id, sensor_id, epoch_hour, status, visits, anomaly}) and {@code stores} ({@code store_id,
 * store}). {@code epoch_hour} counts the hours since 1970-01-01T00:00 of the store's local time;
 * {@code status} is the status's {@link org.sensorsandmore.core.ReadingStatus#code() code}: 0 (OK),
 * 1 (FAILED, {@code visits} null) or 2 (NOT_OPEN, {@code visits} 0), never spelled in a text (see
 * {@link StatusCodes}). The
 * engine provides those relations; the text needs nothing else.
 *
 * <p>Every placeholder is filled here, with its value for an unfiltered query (the rows the
 * warehouse exports), so the text is ready to run.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ViewTexts {
    /** The relation of readings the texts read. */
    public static final String READINGS = "readings";

    /** The relation of store names the texts read. */
    public static final String STORES = "stores";

    private ViewTexts() {}

    /**
     * @param view the view
     * @param baselineWeeks weeks in a baseline, the current one included, 1 or more
     * @param policy what a failed reading counts
     * @return the view's text, every row, unordered, ready to run
     */
    public static String sql(View view, int baselineWeeks, FailurePolicy policy) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(policy, "policy");
        return ViewSql.text(view, baselineWeeks, policy);
    }

    /**
     * @param view the view
     * @return the columns of its rows and exports, in order (the export partitions by {@code store})
     */
    public static List<String> columns(View view) {
        return List.copyOf(ViewSql.columns(Objects.requireNonNull(view, "view")));
    }

    /**
     * @param view the view
     * @return the columns its rows are ordered by: store, sensor, date, hour (those it has)
     */
    public static List<String> orderBy(View view) {
        return List.of(ViewSql.orderBy(Objects.requireNonNull(view, "view")).split(", "));
    }
}
