package org.sensorsandmore.examples.cli.options;

import org.sensorsandmore.sql.pipeline.PipelineScheduler;
import picocli.CommandLine.Option;

/**
 * {@code --at-minute}: the minute past the hour the scheduled pipeline of {@code pipeline --every}
 * and {@code demo} runs at.
 */
public final class AtMinuteOption {
    @Option(
            names = "--at-minute",
            paramLabel = "M",
            defaultValue = "" + PipelineScheduler.DEFAULT_MINUTE,
            description = "The minute past the hour the scheduled runs start (default: ${DEFAULT-VALUE}).")
    int atMinute;

    /**
     * @return the minute
     * @throws IllegalArgumentException when it is not 0 to 59
     */
    public int atMinute() {
        if (atMinute < 0 || atMinute > 59) {
            throw new IllegalArgumentException("--at-minute must be 0 to 59, not " + atMinute);
        }
        return atMinute;
    }
}
