package org.sensorsandmore.sql.alerts;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A rule's condition that holds now for a store or one of its sensors: what an {@link Incident} is
 * opened for.
 *
 * @param rule the rule
 * @param store the store
 * @param sensorId the sensor, or null for a rule about the whole store ({@link AlertRule#STALE},
 *     {@link AlertRule#DROP})
 * @param since the store-local hour the condition started (the first hour of the failure window, of
 *     the outage, of the missing data, of the day that dropped)
 * @param detail one sentence saying what was seen, with its numbers
 */
public record AlertCondition(AlertRule rule, String store, Integer sensorId, LocalDateTime since, String detail) {
    /** Checks that every part but the sensor is present. */
    public AlertCondition {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return what names the condition's subject: at most one incident is open per key */
    String key() {
        return rule.key() + "\t" + store + "\t" + (sensorId == null ? "" : sensorId);
    }
}
