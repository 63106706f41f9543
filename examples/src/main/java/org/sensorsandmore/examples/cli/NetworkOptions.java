package org.sensorsandmore.examples.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.StoreNetwork;
import picocli.CommandLine.Option;

/** The options that choose a store network: the original five stores, or a synthetic fleet. */
final class NetworkOptions {
    private static final Pattern FLEET = Pattern.compile("(\\d{1,6})x(\\d{1,4})");

    @Option(
            names = "--stores",
            split = ",",
            paramLabel = "NAME",
            description = "Only these stores, comma-separated (default: all).")
    List<String> stores = List.of();

    @Option(
            names = "--fleet",
            paramLabel = "STORESxSENSORS",
            description = "A synthetic fleet instead of the original five stores, e.g. 100x10.")
    String fleet;

    StoreNetwork network() {
        StoreNetwork network = StoreNetwork.original();
        if (fleet != null) {
            Matcher matcher = FLEET.matcher(fleet);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        "--fleet must look like 100x10 (stores x sensors), not '" + fleet + "'");
            }
            network = StoreNetwork.fleet(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
        return network.only(stores);
    }
}
