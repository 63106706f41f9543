package org.sensorsandmore.http.dashboard;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.Alerts;
import org.sensorsandmore.sql.alerts.Incident;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.portfolio.Portfolio;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewSource;

/**
 * What the dashboard asks of a warehouse. A seam so tests of validation and rendering can
 * run on hand-made rows; in production a {@link Warehouse} (in its own process) or the {@link
 * PublishedViews} of one (beside the process that writes it).
 */
interface DashboardData {

    /** @return what is stored for each store */
    List<StoreCoverage> coverage();

    /** Streams the rows of a query, in warehouse order. */
    void query(ViewQuery query, Consumer<? super ViewRow> sink);

    /**
     * @param thresholdPercent the failure share above which a sensor is flagged
     * @return every store's last complete week and four weeks; empty for hand-made rows, which have
     *     no stored weeks (both warehouse sources below answer it)
     */
    default Portfolio portfolio(double thresholdPercent) {
        return Portfolio.empty();
    }

    /** @return the pipeline's latest runs, newest first (none when no pipeline wrote here) */
    default List<PipelineRun> runs(int limit) {
        return List.of();
    }

    /** @return the open incidents, newest first, then the latest closed ones (none when no alert ran here) */
    default List<Incident> incidents(int limit) {
        return List.of();
    }

    /** The published views of a warehouse that another process writes. */
    static DashboardData of(PublishedViews views) {
        return of(views, PublishedViews::coverage, Portfolio::of, Pipeline::history, Alerts::incidents);
    }

    /** A warehouse this process opened. */
    static DashboardData of(Warehouse warehouse) {
        return of(warehouse, Warehouse::coverage, Portfolio::of, Pipeline::history, Alerts::incidents);
    }

    // The warehouse and its published views answer each question with an overload of their own
    // (Portfolio.of, Pipeline.history, Alerts.incidents), picked by the source's type S.
    private static <S extends ViewSource> DashboardData of(
            S source,
            Function<S, List<StoreCoverage>> coverage,
            BiFunction<S, Double, Portfolio> portfolio,
            BiFunction<S, Integer, List<PipelineRun>> runs,
            BiFunction<S, Integer, List<Incident>> incidents) {
        return new DashboardData() {
            @Override
            public List<StoreCoverage> coverage() {
                return coverage.apply(source);
            }

            @Override
            public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
                source.query(query, sink);
            }

            @Override
            public Portfolio portfolio(double thresholdPercent) {
                return portfolio.apply(source, thresholdPercent);
            }

            @Override
            public List<PipelineRun> runs(int limit) {
                return runs.apply(source, limit);
            }

            @Override
            public List<Incident> incidents(int limit) {
                return incidents.apply(source, limit);
            }
        };
    }
}
