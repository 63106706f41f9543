/**
 * Alerts on a warehouse: rules evaluated over the stored views after each pipeline run (a sensor's
 * failure rate, an outage, a stale store, a day's drop against its baseline), incidents kept in the
 * warehouse and opened once, closed on recovery, and their notices delivered by e-mail (SMTP) or a
 * JSON webhook through an outbox that a down channel never loses.
 *
 * <p>Start at {@link org.sensorsandmore.sql.alerts.AlertSettings} and {@link
 * org.sensorsandmore.sql.alerts.Alerts}.
 */
package org.sensorsandmore.sql.alerts;
