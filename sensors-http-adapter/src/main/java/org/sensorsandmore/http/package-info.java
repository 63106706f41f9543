/**
 * HTTP for sensors-and-more: the simulated client API server, the fetch clients that pull from it
 * (or from the original Python server), and the dashboard server.
 */
package org.sensorsandmore.http;
