package org.sensorsandmore.sql.alerts;

import java.time.format.DateTimeFormatter;
import org.sensorsandmore.core.text.JsonText;

/**
 * An incident in JSON, one text for the webhook's notices and the dashboard's {@code /api/alerts};
 * strings are written by {@link JsonText}. Stateless and thread-safe.
 */
public final class IncidentJson {
    /** The hour an incident started, to the minute as the dashboard shows hours. */
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    private IncidentJson() {}

    /**
     * Appends {@code {"id","rule","store","sensor_id","status","since","detail","opened_at","closed_at",
     * "recovery"}}; {@code status} is {@code open} or {@code closed}.
     *
     * @param out where to append
     * @param incident the incident
     * @return {@code out}
     */
    public static StringBuilder incident(StringBuilder out, Incident incident) {
        out.append("{\"id\":").append(incident.id());
        out.append(",\"rule\":");
        JsonText.string(out, incident.rule().key());
        out.append(",\"store\":");
        JsonText.string(out, incident.store());
        out.append(",\"sensor_id\":").append(incident.sensorId());
        out.append(",\"status\":");
        JsonText.string(out, incident.isOpen() ? "open" : "closed");
        out.append(",\"since\":");
        JsonText.string(out, HOUR.format(incident.since()));
        out.append(",\"detail\":");
        JsonText.string(out, incident.detail());
        out.append(",\"opened_at\":");
        JsonText.string(out, incident.openedAt().toString());
        out.append(",\"closed_at\":");
        JsonText.string(
                out, incident.closedAt() == null ? null : incident.closedAt().toString());
        out.append(",\"recovery\":");
        JsonText.string(out, incident.recovery());
        return out.append('}');
    }
}
