/**
 * Traffic models and bulk generation.
 *
 * <p>A {@link org.sensorsandmore.core.model.TrafficModel} turns (store, sensor, hour) into a reading
 * and is a pure function. {@link org.sensorsandmore.core.model.ClassicModel} reproduces the original
 * Python sensor bit for bit; {@link org.sensorsandmore.core.model.FootfallModel}, the default, is a
 * realistic counter-based model. {@link org.sensorsandmore.core.model.ReadingGenerator} writes the
 * readings of a whole network over a window into column batches, on several threads if asked, with
 * the same output whatever the thread count.
 */
package org.sensorsandmore.core.model;
