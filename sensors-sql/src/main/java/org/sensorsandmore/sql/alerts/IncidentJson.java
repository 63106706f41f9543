package org.sensorsandmore.sql.alerts;

import org.sensorsandmore.core.text.JsonText;

/** An incident in JSON, as notices send it; strings are written by {@link JsonText}. */
final class IncidentJson {
    private IncidentJson() {}

    /** An incident as the webhook sends it; the dashboard's {@code /api/alerts} uses the same names. */
    static StringBuilder incident(StringBuilder out, Incident incident) {
        out.append("{\"id\":").append(incident.id());
        out.append(",\"rule\":");
        JsonText.string(out, incident.rule().key());
        out.append(",\"store\":");
        JsonText.string(out, incident.store());
        out.append(",\"sensor_id\":").append(incident.sensorId());
        out.append(",\"since\":");
        JsonText.string(out, incident.since().toString());
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
