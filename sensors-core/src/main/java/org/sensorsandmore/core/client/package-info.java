/**
 * Fetching readings: the {@link org.sensorsandmore.core.client.TrafficClient} interface and {@link
 * org.sensorsandmore.core.client.SimulatedClient}, its in-process implementation. HTTP
 * implementations live in {@code sensors-http-adapter}; retries, time-outs and concurrency belong
 * to them, not to the interface.
 */
package org.sensorsandmore.core.client;
