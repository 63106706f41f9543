package org.sensorsandmore.sql.alerts;

import java.util.List;

/**
 * What one evaluation did ({@link Alerts#run}).
 *
 * @param opened the incidents it opened
 * @param closed the incidents it closed
 * @param delivered the notices delivered, earlier runs' included
 * @param pending the notices still undelivered, kept for the next run
 */
public record AlertReport(List<Incident> opened, List<Incident> closed, int delivered, int pending) {
    /** Copies the lists. */
    public AlertReport {
        opened = List.copyOf(opened);
        closed = List.copyOf(closed);
    }
}
