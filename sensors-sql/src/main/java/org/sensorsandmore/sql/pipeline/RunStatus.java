package org.sensorsandmore.sql.pipeline;

/** How a pipeline run ended, or that it is still running. */
public enum RunStatus {
    /** The run is in progress (or its process died and no later run has looked yet). */
    RUNNING,
    /** Every planned chunk was stored. */
    SUCCEEDED,
    /** A chunk failed after its retries; the chunks before it are stored, the rest wait for the next run. */
    FAILED,
    /** A stop was requested; the chunk in progress finished, the rest wait for the next run. */
    STOPPED,
    /** The process died during the run; found by the next run. Committed chunks are kept. */
    INTERRUPTED
}
