package org.sensorsandmore.sql.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts' two tables, created by version 6 of the warehouse's schema ({@link
 * org.sensorsandmore.sql.storage.Schema}): {@code alert_incidents}, one row per incident, and
 * {@code alert_outbox}, one row per notice and channel, {@code delivered_at} NULL until delivered.
 * Instants are stored as UTC, as in the run log. The SQL of each statement lives here only.
 */
final class AlertTables {
    static final String INCIDENTS = "alert_incidents";

    private static final String COLUMNS =
            "incident_id, rule, store, sensor_id, since, detail, opened_at, closed_at, recovery";

    private static final String OPEN_SQL =
            "SELECT " + COLUMNS + " FROM " + INCIDENTS + " WHERE closed_at IS NULL ORDER BY incident_id";

    /** Open incidents first, then the latest closed ones; newest first in each. */
    private static final String LATEST_SQL =
            "SELECT " + COLUMNS + " FROM " + INCIDENTS + " ORDER BY closed_at IS NOT NULL, incident_id DESC LIMIT ?";

    private static final String INSERT_SQL =
            "INSERT INTO " + INCIDENTS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)";

    private static final String CLOSE_SQL =
            "UPDATE " + INCIDENTS + " SET closed_at = ?, recovery = ? WHERE incident_id = ? AND closed_at IS NULL";

    private static final String ENQUEUE_SQL = "INSERT INTO alert_outbox"
            + " (incident_id, event, channel, created_at, attempts, last_error, delivered_at)"
            + " VALUES (?, ?, ?, ?, 0, NULL, NULL)";

    /** Undelivered notices, oldest first, with their incidents as they are now. */
    private static final String PENDING_SQL = "SELECT o.event, o.channel, "
            + prefixed("i")
            + " FROM alert_outbox o JOIN " + INCIDENTS + " i USING (incident_id)"
            + " WHERE o.delivered_at IS NULL ORDER BY o.created_at, o.incident_id, o.event DESC, o.channel";

    private static final String ATTEMPTED_SQL = "UPDATE alert_outbox SET attempts = attempts + ?, last_error = ?,"
            + " delivered_at = ? WHERE incident_id = ? AND event = ? AND channel = ? AND delivered_at IS NULL";

    private AlertTables() {}

    /** A notice waiting in the outbox for one channel. */
    record Pending(AlertNotice notice, String channel) {}

    static List<Incident> open(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(OPEN_SQL)) {
            List<Incident> incidents = new ArrayList<>();
            while (rs.next()) {
                incidents.add(incident(rs, 1));
            }
            return incidents;
        }
    }

    static List<Incident> latest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LATEST_SQL)) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                List<Incident> incidents = new ArrayList<>();
                while (rs.next()) {
                    incidents.add(incident(rs, 1));
                }
                return incidents;
            }
        }
    }

    /** @return a new incident for a condition, with the next number */
    static Incident insert(Connection connection, AlertCondition condition, Instant openedAt) throws SQLException {
        long id;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(incident_id), 0) + 1 FROM " + INCIDENTS)) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SQL)) {
            statement.setLong(1, id);
            statement.setString(2, condition.rule().name());
            statement.setString(3, condition.store());
            if (condition.sensorId() == null) {
                statement.setNull(4, Types.INTEGER);
            } else {
                statement.setInt(4, condition.sensorId());
            }
            statement.setObject(5, condition.since());
            statement.setString(6, condition.detail());
            statement.setObject(7, utc(openedAt));
            statement.executeUpdate();
        }
        return new Incident(
                id,
                condition.rule(),
                condition.store(),
                condition.sensorId(),
                condition.since(),
                condition.detail(),
                openedAt,
                null,
                null);
    }

    static Incident close(Connection connection, Incident incident, Instant closedAt, String recovery)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLOSE_SQL)) {
            statement.setObject(1, utc(closedAt));
            statement.setString(2, recovery);
            statement.setLong(3, incident.id());
            statement.executeUpdate();
        }
        return new Incident(
                incident.id(),
                incident.rule(),
                incident.store(),
                incident.sensorId(),
                incident.since(),
                incident.detail(),
                incident.openedAt(),
                closedAt,
                recovery);
    }

    static void enqueue(
            Connection connection, long incidentId, AlertNotice.Event event, List<String> channels, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ENQUEUE_SQL)) {
            for (String channel : channels) {
                statement.setLong(1, incidentId);
                statement.setString(2, event.name());
                statement.setString(3, channel);
                statement.setObject(4, utc(now));
                statement.executeUpdate();
            }
        }
    }

    static List<Pending> pending(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(PENDING_SQL)) {
            List<Pending> pending = new ArrayList<>();
            while (rs.next()) {
                AlertNotice.Event event = AlertNotice.Event.valueOf(rs.getString(1));
                pending.add(new Pending(new AlertNotice(incident(rs, 3), event), rs.getString(2)));
            }
            return pending;
        }
    }

    /** Records a notice's attempts on one run: delivered (at an instant) or not (with the last error). */
    static void attempted(Connection connection, Pending pending, int attempts, Instant deliveredAt, String error)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ATTEMPTED_SQL)) {
            statement.setInt(1, attempts);
            statement.setString(2, error);
            statement.setObject(3, deliveredAt == null ? null : utc(deliveredAt));
            statement.setLong(4, pending.notice().incident().id());
            statement.setString(5, pending.notice().event().name());
            statement.setString(6, pending.channel());
            statement.executeUpdate();
        }
    }

    private static Incident incident(ResultSet rs, int first) throws SQLException {
        Object sensor = rs.getObject(first + 3);
        LocalDateTime closed = rs.getObject(first + 7, LocalDateTime.class);
        return new Incident(
                rs.getLong(first),
                AlertRule.valueOf(rs.getString(first + 1)),
                rs.getString(first + 2),
                sensor == null ? null : ((Number) sensor).intValue(),
                rs.getObject(first + 4, LocalDateTime.class),
                rs.getString(first + 5),
                rs.getObject(first + 6, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                closed == null ? null : closed.toInstant(ZoneOffset.UTC),
                rs.getString(first + 8));
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
