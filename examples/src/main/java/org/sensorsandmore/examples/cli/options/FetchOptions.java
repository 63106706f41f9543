package org.sensorsandmore.examples.cli.options;

import java.time.Duration;
import org.sensorsandmore.http.client.FetchConfig;
import picocli.CommandLine.Option;

/** The options of fetching from an HTTP API that {@code download} and {@code pipeline} share. */
public final class FetchOptions {
    @Option(
            names = "--chunk-deadline",
            paramLabel = "PERIOD",
            description = "The longest one bulk request of readings may take, its retries included, before the"
                    + " fetch fails (5m, 1h…; default: 5m).")
    String chunkDeadline;

    /**
     * @param builder the configuration the command starts from
     * @return the builder, with these options set
     */
    public FetchConfig.Builder applyTo(FetchConfig.Builder builder) {
        if (chunkDeadline != null) {
            Duration deadline = PeriodArgument.parse("--chunk-deadline", chunkDeadline);
            if (deadline.isZero()) {
                throw new IllegalArgumentException("--chunk-deadline must be more than 0, not '" + chunkDeadline + "'");
            }
            builder.chunkDeadline(deadline);
        }
        return builder;
    }
}
