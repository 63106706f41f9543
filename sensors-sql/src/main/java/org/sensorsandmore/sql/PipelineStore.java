package org.sensorsandmore.sql;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * What the pipeline needs from where it stores: readings, per-store watermarks and the run log.
 * {@link WarehousePipelineStore} keeps all three in the warehouse's DuckDB file, so a chunk's
 * readings, its watermarks and its run-log counters are committed together.
 */
interface PipelineStore {

    /** @return each store's watermark: the first hour not yet stored */
    Map<String, LocalDateTime> watermarks();

    /**
     * Logs a new run as {@link RunStatus#RUNNING}, after marking runs a dead process left running as
     * {@link RunStatus#INTERRUPTED}.
     *
     * @return the new run's id
     */
    long startRun(PipelineRun.Kind kind, Instant startedAt);

    /** Records the span of hours the run plans to fetch. */
    void planRun(long runId, HourWindow window);

    /**
     * In one transaction: stores the readings of one chunk, advances the stores' watermarks and adds
     * the counts to the run's row. Nothing of it is stored when it fails.
     *
     * @param advance how the watermarks move
     * @param attempts the run's attempts so far, recorded with the chunk
     * @return what the chunk received and wrote
     */
    IngestResult ingestChunk(
            TrafficClient client,
            HourWindow window,
            List<String> stores,
            WatermarkAdvance advance,
            long runId,
            int attempts);

    /** Ends a run's row. */
    void finishRun(long runId, RunStatus status, Instant endedAt, int attempts, String error);

    /** @return the run's row */
    PipelineRun run(long runId);

    /** @return the latest runs, newest first */
    List<PipelineRun> runs(int limit);

    /** @return whether the four views' exports are in the folder */
    boolean hasExports(Path directory);

    /** Writes the four views into the folder, atomically. */
    void export(Path directory);

    /** How a chunk moves the watermarks of its stores. */
    enum WatermarkAdvance {
        /** To the chunk's end if later: a catch-up's chunks are contiguous from its planned start. */
        TO_END,
        /**
         * To the chunk's end if later, but only when the chunk starts at or before the watermark (or
         * there is none): an explicit window after a gap must not let a catch-up skip the gap.
         */
        IF_CONTIGUOUS
    }
}
