package org.sensorsandmore.sql.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.sensorsandmore.core.HourWindow;

/**
 * One row of the pipeline's run log (table {@code pipeline_runs}).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the run id, increasing
 * @param kind a catch-up or an explicit window
 * @param window the hours the run planned to fetch (the span over every store); null until planned
 * @param startedAt when the run started
 * @param endedAt when it ended; null while {@link RunStatus#RUNNING} or when interrupted
 * @param status how it ended
 * @param fetched readings received from the source by the committed chunks
 * @param written readings that were new or changed a stored value
 * @param attempts the run's fetch attempts: 1, plus each retry of a chunk by the pipeline, plus each
 *     retry of a request the client made inside a chunk and reported ({@link
 *     org.sensorsandmore.core.ReadingSink#retrying}: the HTTP clients do; an in-process client has
 *     none). A run of many chunks that all succeed at once counts 1. The client's retries of its store
 *     list, asked before the first chunk, are not counted. A scheduler's retry of a failed run is a
 *     run of its own.
 * @param error the last error, one line; null when none
 */
public record PipelineRun(
        long id,
        Kind kind,
        HourWindow window,
        Instant startedAt,
        Instant endedAt,
        RunStatus status,
        long fetched,
        long written,
        int attempts,
        String error) {

    /** What started a run. */
    public enum Kind {
        /** Every complete hour since the watermarks (or the start date), with the lookback. */
        CATCH_UP,
        /** An explicit window, as Airflow's data interval. */
        WINDOW
    }

    /** Validates the required components. */
    public PipelineRun {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
    }

    /** @return how long the run took, once ended */
    public Optional<Duration> duration() {
        return endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }
}
