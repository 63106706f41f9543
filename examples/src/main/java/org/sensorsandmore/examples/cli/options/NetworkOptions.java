package org.sensorsandmore.examples.cli.options;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sensorsandmore.core.StoreNetwork;
import picocli.CommandLine.Option;

/** The options that choose a store network: the original five stores, or a synthetic fleet. */
public final class NetworkOptions {
    private static final Pattern FLEET = Pattern.compile("(\\d+)x(\\d+)");

    /** Each sensor is an object, and each hour a reading per sensor: a million is already a lot. */
    static final long MAX_FLEET_SENSORS = 1_000_000;

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

    public StoreNetwork network() {
        StoreNetwork network = StoreNetwork.original();
        if (fleet != null) {
            Matcher matcher = FLEET.matcher(fleet);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        "--fleet must look like 100x10 (stores x sensors), not '" + fleet + "'");
            }
            BigInteger stores = new BigInteger(matcher.group(1));
            BigInteger sensors = new BigInteger(matcher.group(2));
            if (stores.signum() == 0 || sensors.signum() == 0) {
                throw new IllegalArgumentException(
                        "--fleet needs at least one store and one sensor per store, not '" + fleet + "'");
            }
            BigInteger total = stores.multiply(sensors);
            if (total.compareTo(BigInteger.valueOf(MAX_FLEET_SENSORS)) > 0) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "--fleet %s is %,d sensors, more than the %,d a fleet may have",
                        fleet,
                        total,
                        MAX_FLEET_SENSORS));
            }
            // Both fit in an int now: their product does.
            network = StoreNetwork.fleet(stores.intValueExact(), sensors.intValueExact());
        }
        return network.only(stores);
    }
}
