package org.sensorsandmore.sql.pipeline;

import java.util.Optional;
import org.sensorsandmore.core.SensorsException;

/**
 * A pipeline run that failed: its chunks before the failure are stored, the run log says {@link
 * RunStatus#FAILED} with the error, and the next run takes up the rest.
 */
public class PipelineException extends SensorsException {
    private static final long serialVersionUID = 1L;

    /** The failed run as logged; not serialized. */
    private final transient PipelineRun run;

    /**
     * @param message what failed, naming the window and the cause
     * @param cause the underlying failure
     * @param run the run as logged, or null when it could not be logged
     */
    public PipelineException(String message, Throwable cause, PipelineRun run) {
        super(message, cause);
        this.run = run;
    }

    /**
     * @param message what went wrong
     */
    public PipelineException(String message) {
        super(message);
        this.run = null;
    }

    /** @return the failed run as logged, when it could be logged */
    public Optional<PipelineRun> run() {
        return Optional.ofNullable(run);
    }
}
