package org.sensorsandmore.examples.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --allowed-host}: the Host names a server answers besides those of {@code --host}. */
public final class AllowedHostsOption {
    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "Also answer requests for this Host name (repeatable; * for any). Without it only the"
                    + " names of --host are answered (127.0.0.1 and localhost), against DNS rebinding.")
    List<String> allowedHosts = new ArrayList<>();

    /**
     * @return the names given, none when not told
     */
    public List<String> allowedHosts() {
        return allowedHosts;
    }
}
