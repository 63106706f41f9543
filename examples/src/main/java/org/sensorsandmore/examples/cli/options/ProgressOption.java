package org.sensorsandmore.examples.cli.options;

import org.sensorsandmore.examples.cli.terminal.Progress;
import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}: whether a long command draws its progress bar. */
public final class ProgressOption {
    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    /**
     * @return whether to show the bar: as told, else when standard error is a terminal
     */
    public boolean shown() {
        return progress != null ? progress : Progress.terminalAttached();
    }
}
