package org.sensorsandmore.sql.pipeline;

/** A run was asked for while another run of the same pipeline was in progress: runs never overlap. */
public final class PipelineBusyException extends PipelineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused
     */
    public PipelineBusyException(String message) {
        super(message);
    }
}
