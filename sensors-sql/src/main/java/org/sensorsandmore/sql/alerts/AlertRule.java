package org.sensorsandmore.sql.alerts;

import java.util.Arrays;
import java.util.Locale;

/** The conditions a warehouse is watched for after each pipeline run; see {@link AlertSettings} for their thresholds. */
public enum AlertRule {
    /** A sensor failed more than a share of its readings over its store's last days. */
    FAILURE_RATE,
    /** A sensor's latest readings are an outage: at least some hours in a row, every one failed. */
    OUTAGE,
    /** A store has no new hour for some hours: its source stopped delivering. */
    STALE,
    /** A store's last complete day is some percent below its same-weekday baseline. */
    DROP;

    /** @return the rule's name in settings files, JSON and the command line: {@code failure-rate}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param key a rule's {@link #key()}
     * @return the rule
     * @throws IllegalArgumentException when no rule has that key
     */
    public static AlertRule ofKey(String key) {
        return Arrays.stream(values())
                .filter(rule -> rule.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No alert rule '" + key + "': one of "
                        + Arrays.stream(values()).map(AlertRule::key).toList()));
    }
}
