/**
 * The HTTP side of the library: the simulated client API server ({@code …http.api}), the HTTP fetch
 * clients ({@code …http.client}) and the dashboard ({@code …http.dashboard}), all on Jetty 12. This
 * package holds what the two servers share: {@link org.sensorsandmore.http.HostCheck}, which answers
 * only requests for the server's own names, and {@link org.sensorsandmore.http.JettyServer}, their
 * join and close. Only the dashboard reads sensors-sql, an optional
 * dependency: the API server and the clients run without it.
 */
package org.sensorsandmore.http;
