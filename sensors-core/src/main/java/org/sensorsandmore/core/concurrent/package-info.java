/**
 * Waiting for work the library runs on threads of its own: {@link
 * org.sensorsandmore.core.concurrent.Futures} turns a task's failure into the caller's exception.
 */
package org.sensorsandmore.core.concurrent;
