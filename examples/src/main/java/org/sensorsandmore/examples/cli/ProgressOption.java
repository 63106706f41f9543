package org.sensorsandmore.examples.cli;

import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}: whether a long command draws its progress bar. */
final class ProgressOption {
    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    /**
     * @return whether to show the bar: as told, else when standard error is a terminal
     */
    boolean shown() {
        return progress != null ? progress : Progress.terminalAttached();
    }
}
