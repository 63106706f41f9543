package org.sensorsandmore.examples.cli.options;

import org.sensorsandmore.http.dashboard.DashboardServer;
import picocli.CommandLine.Option;

/** {@code --port}: the dashboard's port, of {@code dashboard} and {@code demo}. */
public final class DashboardPortOption {
    @Option(
            names = "--port",
            defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "The dashboard's port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    /**
     * @return the port, 0 for any free one
     */
    public int port() {
        return port;
    }
}
