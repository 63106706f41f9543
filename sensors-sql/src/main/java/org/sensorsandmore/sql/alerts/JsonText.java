package org.sensorsandmore.sql.alerts;

/** Just enough JSON writing for a notice: strings escaped so any store name is safe. */
final class JsonText {
    private JsonText() {}

    static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** An incident as the webhook sends it; the dashboard's {@code /api/alerts} uses the same names. */
    static StringBuilder incident(StringBuilder out, Incident incident) {
        out.append("{\"id\":").append(incident.id());
        out.append(",\"rule\":");
        string(out, incident.rule().key());
        out.append(",\"store\":");
        string(out, incident.store());
        out.append(",\"sensor_id\":").append(incident.sensorId());
        out.append(",\"since\":");
        string(out, incident.since().toString());
        out.append(",\"detail\":");
        string(out, incident.detail());
        out.append(",\"opened_at\":");
        string(out, incident.openedAt().toString());
        out.append(",\"closed_at\":");
        string(out, incident.closedAt() == null ? null : incident.closedAt().toString());
        out.append(",\"recovery\":");
        string(out, incident.recovery());
        return out.append('}');
    }
}
