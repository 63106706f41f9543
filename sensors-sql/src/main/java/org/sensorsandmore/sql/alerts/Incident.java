package org.sensorsandmore.sql.alerts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One firing of a rule, kept in the warehouse ({@code alert_incidents}): opened when its condition
 * first holds after a run, closed when a later run finds it cleared. A condition that keeps holding
 * keeps its one incident open; it is never opened again hour after hour.
 *
 * @param id the incident's number, ascending in the order they were opened
 * @param rule the rule
 * @param store the store
 * @param sensorId the sensor, or null for a rule about the whole store
 * @param since the store-local hour the condition started
 * @param detail what was seen when it opened
 * @param openedAt when it was opened
 * @param closedAt when it was closed, or null while it is open
 * @param recovery what was seen when it closed, or null while it is open
 */
public record Incident(
        long id,
        AlertRule rule,
        String store,
        Integer sensorId,
        LocalDateTime since,
        String detail,
        Instant openedAt,
        Instant closedAt,
        String recovery) {

    /** Checks the parts an incident always has. */
    public Incident {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    /** @return whether it is still open */
    public boolean isOpen() {
        return closedAt == null;
    }

    /** @return the store, and the sensor when the rule is about one: {@code Paris sensor 2} */
    public String subject() {
        return sensorId == null ? store : store + " sensor " + sensorId;
    }
}
