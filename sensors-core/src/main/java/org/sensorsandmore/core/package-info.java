/**
 * The footfall domain: stores, their door sensors, hourly readings and hour windows.
 *
 * <p>A {@link org.sensorsandmore.core.Reading reading} is what one door sensor counted in one hour
 * of store-local time. Readings move in {@link org.sensorsandmore.core.HourWindow windows}, half-open
 * ranges of hours, and in bulk as {@link org.sensorsandmore.core.ReadingBatch column batches} handed
 * to a {@link org.sensorsandmore.core.ReadingSink sink}.
 *
 * <p>Sub-packages: {@code model} (traffic models and bulk generation), {@code client} (the fetch-client
 * interface and its in-process implementation), {@code csv} (the original's CSV format and the
 * library's own); and the helpers every module shares: {@code check} (argument checks), {@code
 * concurrent} (waiting for the library's own tasks), {@code io} and {@code text}.
 */
package org.sensorsandmore.core;
