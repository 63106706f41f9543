package org.sensorsandmore.sql.views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the four views' rows are read from: a {@link org.sensorsandmore.sql.Warehouse}, or the
 * views it published beside its file ({@link org.sensorsandmore.sql.publish.PublishedViews}).
 */
public interface ViewSource {
    /**
     * Streams the rows of a query, ordered by store, sensor, date and hour, without holding them all.
     *
     * @param query the view and filters
     * @param sink receives each row
     */
    void query(ViewQuery query, Consumer<? super ViewRow> sink);

    /**
     * @param query the view and filters
     * @return the rows, ordered by store, sensor, date and hour
     */
    default List<ViewRow> query(ViewQuery query) {
        List<ViewRow> rows = new ArrayList<>();
        query(query, rows::add);
        return rows;
    }
}
