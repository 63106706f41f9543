package org.sensorsandmore.examples.cli.options;

import java.util.ArrayList;
import java.util.List;
import org.sensorsandmore.http.dashboard.DashboardServer;
import picocli.CommandLine.Option;

/**
 * {@code --host} and {@code --allowed-host}: the address a server listens on and the Host names it
 * answers besides those of that address, shared by {@code serve-api} and {@code dashboard} (both
 * servers listen on {@value DashboardServer#DEFAULT_HOST} unless told).
 */
public final class HostOptions {
    @Option(
            names = "--host",
            defaultValue = DashboardServer.DEFAULT_HOST,
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "Also answer requests for this Host name (repeatable; * for any). Without it only the"
                    + " names of --host are answered (127.0.0.1 and localhost), against DNS rebinding.")
    List<String> allowedHosts = new ArrayList<>();

    /**
     * @return the address to listen on
     */
    public String host() {
        return host;
    }

    /**
     * @return the names given, none when not told
     */
    public List<String> allowedHosts() {
        return allowedHosts;
    }
}
