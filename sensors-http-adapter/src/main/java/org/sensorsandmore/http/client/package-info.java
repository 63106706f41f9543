/**
 * Fetching readings over HTTP: {@link org.sensorsandmore.http.client.HttpTrafficClient} (this
 * project's bulk routes) and {@link org.sensorsandmore.http.client.LegacyHttpTrafficClient} (the
 * original's per-hour route), both {@link org.sensorsandmore.core.client.TrafficClient}s on the JDK's
 * {@code HttpClient}, with time-outs, bounded retries with back-off and jitter ({@link
 * org.sensorsandmore.http.client.FetchConfig}), and a {@link
 * org.sensorsandmore.http.client.FetchFailedException} naming the window when they give up.
 */
package org.sensorsandmore.http.client;
