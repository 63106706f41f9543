package org.sensorsandmore.http.dashboard;

import java.util.List;
import java.util.function.Consumer;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * What the dashboard asks of a warehouse. A seam so tests of validation and rendering can
 * run on hand-made rows; in production it is always a {@link Warehouse}.
 */
interface DashboardData {

    /** @return what is stored for each store */
    List<StoreCoverage> coverage();

    /** Streams the rows of a query, in warehouse order. */
    void query(ViewQuery query, Consumer<? super ViewRow> sink);

    /** @return the pipeline's latest runs, newest first (none when no pipeline wrote here) */
    default List<PipelineRun> runs(int limit) {
        return List.of();
    }

    static DashboardData of(Warehouse warehouse) {
        return new DashboardData() {
            @Override
            public List<StoreCoverage> coverage() {
                return warehouse.coverage();
            }

            @Override
            public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
                warehouse.query(query, sink);
            }

            @Override
            public List<PipelineRun> runs(int limit) {
                return Pipeline.history(warehouse, limit);
            }
        };
    }
}
