/**
 * Files written whole: {@link org.sensorsandmore.core.io.AtomicOutput} is how every writer of the
 * library (CSV, parquet, exports, published views) puts a file or a folder in place, so that a reader
 * never sees half of one, a signal or a kill leaves no temporary file for long, and a link, a FIFO or
 * a device named as output is never replaced by a regular file.
 */
package org.sensorsandmore.core.io;
