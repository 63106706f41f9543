package org.sensorsandmore.sql.alerts;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.sensorsandmore.core.check.Require;
import org.sensorsandmore.core.text.Messages;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.AlertSql;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a warehouse: {@link #run} evaluates the rules of its {@link AlertSettings} over the stored
 * views, opens an {@link Incident} for each condition that newly holds and closes those that
 * cleared (in one transaction), then delivers their notices. The pipeline runs it after each run
 * ({@code Pipeline.Builder.alerts}).
 *
 * <pre>{@code
 * Alerts alerts = Alerts.of(warehouse, AlertSettings.builder().webhook(URI.create("https://…")).build(),
 *         Clock.systemUTC());
 * AlertReport report = alerts.run(store -> LocalDateTime.now(ZoneId.of("Europe/Paris")));
 * }</pre>
 *
 * <p><b>Delivery.</b> Each incident has an opening and a recovery notice for each channel, queued in
 * the warehouse's outbox in the transaction that opened or closed it. Each run tries every
 * undelivered notice ({@link AlertSettings#deliveryAttempts()} times, with a doubling back-off) and
 * records it as delivered once a channel accepted it, so a notice is sent once; a channel that is
 * down keeps its notices for the next run, and never fails the caller. A process killed between a
 * delivery and its record sends that notice again on the next run: receivers can drop a repeat by
 * its {@link AlertNotice#id()}.
 *
 * <p>This class is thread-safe; runs should not overlap (the pipeline's never do).
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final Warehouse warehouse;
    private final AlertSettings settings;
    private final Clock clock;

    private Alerts(Warehouse warehouse, AlertSettings settings, Clock clock) {
        this.warehouse = warehouse;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param warehouse the warehouse watched, where incidents and notices are kept
     * @param settings the rules and channels
     * @param clock when incidents open and close
     * @return the watcher
     */
    public static Alerts of(Warehouse warehouse, AlertSettings settings, Clock clock) {
        return new Alerts(
                Objects.requireNonNull(warehouse, "warehouse"),
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** @return the settings */
    public AlertSettings settings() {
        return settings;
    }

    /**
     * Evaluates the rules, records what opened and closed, and delivers the notices waiting.
     *
     * @param storeNow each store's local now (the source's), for the stale rule; null for a store
     *     whose now is unknown, which the stale rule then skips
     * @return what it did
     * @throws WarehouseException when the database fails (a channel's failure is not thrown: its
     *     notices wait)
     */
    public AlertReport run(Function<String, LocalDateTime> storeNow) {
        Objects.requireNonNull(storeNow, "storeNow");
        List<Incident> opened = new ArrayList<>();
        List<Incident> closed = new ArrayList<>();
        List<String> channels =
                settings.channels().stream().map(AlertChannel::id).distinct().toList();
        warehouse.inTransaction(transaction -> {
            Connection connection = transaction.connection();
            Map<String, AlertCondition> holding = new LinkedHashMap<>();
            for (AlertCondition condition : evaluate(connection, storeNow)) {
                holding.putIfAbsent(condition.key(), condition);
            }
            Set<String> stillOpen = new HashSet<>();
            for (Incident incident : AlertTables.open(connection)) {
                String key = new AlertCondition(
                                incident.rule(),
                                incident.store(),
                                incident.sensorId(),
                                incident.since(),
                                incident.detail())
                        .key();
                // A rule left out of the settings is not evaluated: its open incidents stay as they are.
                if (holding.containsKey(key) || !settings.rules().contains(incident.rule())) {
                    stillOpen.add(key);
                    continue;
                }
                Incident done = AlertTables.close(connection, incident, clock.instant(), recovery(incident.rule()));
                AlertTables.enqueue(connection, done.id(), AlertNotice.Event.RECOVERED, channels, clock.instant());
                closed.add(done);
            }
            for (AlertCondition condition : holding.values()) {
                if (!stillOpen.contains(condition.key())) {
                    Incident incident = AlertTables.insert(connection, condition, clock.instant());
                    AlertTables.enqueue(connection, incident.id(), AlertNotice.Event.OPENED, channels, clock.instant());
                    opened.add(incident);
                }
            }
            if (opened.isEmpty() && closed.isEmpty()) {
                // Nothing a reader sees changed: no publish for this commit (one of a pipeline
                // run's four, 35-110 ms of an hourly run's JVM).
                transaction.deferViews();
            }
            return null;
        });
        opened.forEach(incident ->
                LOG.info("Alert opened: {} {}: {}", incident.rule().key(), incident.subject(), incident.detail()));
        closed.forEach(
                incident -> LOG.info("Alert recovered: {} {}", incident.rule().key(), incident.subject()));
        int[] counts = deliver();
        return new AlertReport(opened, closed, counts[0], counts[1]);
    }

    /** The conditions that hold now, rule by rule. */
    private List<AlertCondition> evaluate(Connection connection, Function<String, LocalDateTime> storeNow)
            throws SQLException {
        List<AlertCondition> holding = new ArrayList<>();
        if (settings.rules().contains(AlertRule.FAILURE_RATE)) {
            holding.addAll(
                    AlertSql.failureRates(connection, settings.failureRateDays(), settings.failureRatePercent()));
        }
        if (settings.rules().contains(AlertRule.OUTAGE)) {
            holding.addAll(AlertSql.outages(connection, settings.outageHours()));
        }
        if (settings.rules().contains(AlertRule.STALE)) {
            for (Map.Entry<String, LocalDateTime> store :
                    AlertSql.lastHours(connection).entrySet()) {
                LocalDateTime now = storeNow.apply(store.getKey());
                if (now == null) {
                    continue;
                }
                // The hours from the first one not stored up to the current, incomplete, one.
                LocalDateTime next = store.getValue().plusHours(1);
                long missing = Duration.between(next, now.truncatedTo(ChronoUnit.HOURS))
                        .toHours();
                if (missing >= settings.staleHours()) {
                    holding.add(new AlertCondition(
                            AlertRule.STALE,
                            store.getKey(),
                            null,
                            next,
                            String.format(
                                    Locale.ROOT,
                                    "no data after %s: %d complete hours missing at %s (store-local), %d or more fire",
                                    store.getValue(),
                                    missing,
                                    now.truncatedTo(ChronoUnit.MINUTES),
                                    settings.staleHours())));
                }
            }
        }
        if (settings.rules().contains(AlertRule.DROP)) {
            holding.addAll(AlertSql.drops(connection, settings.dropPercent(), settings.failureRatePercent()));
        }
        return holding;
    }

    private String recovery(AlertRule rule) {
        return switch (rule) {
            case FAILURE_RATE ->
                String.format(
                        Locale.ROOT,
                        "failures over the last %d days are at or below %.1f %%",
                        settings.failureRateDays(),
                        settings.failureRatePercent());
            case OUTAGE -> "the sensor's latest stored reading did not fail";
            case STALE ->
                String.format(
                        Locale.ROOT, "new hours are stored: less than %d hours are missing", settings.staleHours());
            case DROP ->
                String.format(
                        Locale.ROOT,
                        "the last complete day is less than %.0f %% below its baseline, or not comparable",
                        settings.dropPercent());
        };
    }

    /**
     * Tries every undelivered notice of a configured channel; a channel that fails a notice after
     * its attempts is not tried again on this run (it is down: its other notices would each wait
     * for the same timeouts).
     *
     * @return the notices delivered and those still pending
     */
    private int[] deliver() {
        Map<String, AlertChannel> byId = new LinkedHashMap<>();
        settings.channels().forEach(channel -> byId.putIfAbsent(channel.id(), channel));
        List<AlertTables.Pending> pending = warehouse.read(AlertTables::pending);
        Set<String> down = new HashSet<>();
        int delivered = 0;
        int left = 0;
        for (AlertTables.Pending notice : pending) {
            AlertChannel channel = byId.get(notice.channel());
            if (channel == null || down.contains(notice.channel())) {
                // A channel no longer configured keeps its notices, in case it comes back.
                left++;
                continue;
            }
            String error = null;
            int attempt = 0;
            while (attempt < settings.deliveryAttempts()) {
                attempt++;
                try {
                    channel.deliver(notice.notice());
                    error = null;
                    break;
                } catch (IOException | RuntimeException e) {
                    error = Messages.oneLine(e);
                    LOG.debug(
                            "Notice {} to {}: attempt {} failed: {}",
                            notice.notice().id(),
                            channel,
                            attempt,
                            error);
                    if (attempt < settings.deliveryAttempts()
                            && !sleep(settings.retryDelay().multipliedBy(1L << (attempt - 1)))) {
                        break;
                    }
                }
            }
            int attempts = attempt;
            String failure = error;
            java.time.Instant at = failure == null ? clock.instant() : null;
            warehouse.inTransaction(transaction -> {
                // The outbox is not published: readers need not wait for this commit.
                transaction.deferViews();
                AlertTables.attempted(transaction.connection(), notice, attempts, at, failure);
                return null;
            });
            if (failure == null) {
                delivered++;
            } else {
                LOG.warn(
                        "Could not deliver the alert notice {} by {} ({} attempt{}): {}; it is kept for the next run",
                        notice.notice().id(),
                        channel,
                        attempts,
                        attempts == 1 ? "" : "s",
                        failure);
                down.add(notice.channel());
                left++;
            }
        }
        return new int[] {delivered, left};
    }

    /** @return false when interrupted: the notice waits for the next run */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param warehouse a warehouse
     * @param limit how many incidents at most
     * @return its open incidents, newest first, then the latest closed ones
     */
    public static List<Incident> incidents(Warehouse warehouse, int limit) {
        Require.atLeast(limit, 1, "limit");
        return warehouse.read(connection -> AlertTables.latest(connection, limit));
    }

    /**
     * Reads the incidents a warehouse last published, without the database (beside a running pipeline).
     *
     * @param views the published views of a warehouse
     * @param limit how many incidents at most
     * @return as {@link #incidents(Warehouse, int)}; none when the warehouse published no incidents
     */
    public static List<Incident> incidents(PublishedViews views, int limit) {
        Require.atLeast(limit, 1, "limit");
        return views.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                            + " WHERE table_name = '" + AlertTables.INCIDENTS + "'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return List.of();
                }
            }
            return AlertTables.latest(connection, limit);
        });
    }
}
