/**
 * The simulated client API server: {@link org.sensorsandmore.http.api.TrafficApiServer}, configured
 * by {@link org.sensorsandmore.http.api.ApiServerConfig}. It answers the original FastAPI's per-hour
 * route as the original did (minus its 500s), adds bulk routes that stream a window's readings, and
 * can inject faults (503s, latency, cut streams) to test clients against.
 */
package org.sensorsandmore.http.api;
