package org.sensorsandmore.sql.alerts;

import java.util.Objects;
import org.sensorsandmore.core.text.JsonText;

/**
 * What a channel delivers: an incident's opening or its recovery. Each is delivered once per
 * channel; an undelivered one waits in the warehouse's outbox ({@code alert_outbox}) for the next
 * run.
 *
 * @param incident the incident, as it is when the notice is sent
 * @param event whether the incident opened or recovered
 */
public record AlertNotice(Incident incident, Event event) {
    /** Which of an incident's two notices. */
    public enum Event {
        /** The condition was seen: the incident opened. */
        OPENED,
        /** The condition cleared: the incident closed. */
        RECOVERED
    }

    /** Checks both parts. */
    public AlertNotice {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(event, "event");
    }

    /**
     * @return the notice's identity, the same on every attempt: {@code 12-opened}; a receiver that
     *     sees it twice (a process killed between sending and recording the delivery) can drop the
     *     second
     */
    public String id() {
        return incident.id() + "-" + (event == Event.OPENED ? "opened" : "recovered");
    }

    /** @return a one-line subject: {@code [sensors] OPENED outage: Paris sensor 2} */
    public String subject() {
        return "[sensors] " + (event == Event.OPENED ? "Alert" : "Recovered") + " "
                + incident.rule().key() + ": " + incident.subject();
    }

    /** @return the plain text of the notice, a few lines */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(event == Event.OPENED ? "Opened" : "Recovered")
                .append(": ")
                .append(incident.rule().key())
                .append(" at ")
                .append(incident.subject())
                .append(" (incident ")
                .append(incident.id())
                .append(")\n\n");
        text.append(incident.detail()).append('\n');
        text.append("Since ")
                .append(incident.since())
                .append(" (store-local), opened ")
                .append(incident.openedAt());
        text.append('\n');
        if (event == Event.RECOVERED) {
            text.append("Closed ").append(incident.closedAt());
            if (incident.recovery() != null) {
                text.append(": ").append(incident.recovery());
            }
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * @return the notice as JSON, the body a webhook receives: {@code {"notice_id", "event", "subject",
     *     "text", "incident": {"id", "rule", "store", "sensor_id", "status", "since", "detail", "opened_at",
     *     "closed_at", "recovery"}}}
     */
    public String json() {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"notice_id\":");
        JsonText.string(out, id());
        out.append(",\"event\":");
        JsonText.string(out, event == Event.OPENED ? "opened" : "recovered");
        out.append(",\"subject\":");
        JsonText.string(out, subject());
        out.append(",\"text\":");
        JsonText.string(out, text());
        out.append(",\"incident\":");
        IncidentJson.incident(out, incident);
        return out.append('}').toString();
    }
}
