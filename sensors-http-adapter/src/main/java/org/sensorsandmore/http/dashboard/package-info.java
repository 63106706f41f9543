/**
 * The dashboard: one page and its JSON and CSV endpoints over a {@link org.sensorsandmore.sql.Warehouse}.
 *
 * <p>{@link org.sensorsandmore.http.dashboard.DashboardServer} is the only public type. The page is
 * plain HTML, CSS and JavaScript in this package's resources; its chart library (ECharts) comes from
 * a webjar on the class path, so the dashboard works without any network beyond the server itself.
 *
 * <p>This is the one package of the module that reads sensors-sql, an optional dependency: a project
 * that uses the dashboard declares sensors-sql itself.
 */
package org.sensorsandmore.http.dashboard;
