/**
 * The hourly pipeline: {@link org.sensorsandmore.sql.pipeline.Pipeline} keeps a {@link
 * org.sensorsandmore.sql.Warehouse} current from a {@code TrafficClient}, with incremental
 * catch-ups from per-store watermarks, in chunks committed together with their watermarks and
 * run-log counts (so a killed run is taken up by the next), and {@link
 * org.sensorsandmore.sql.pipeline.PipelineScheduler} runs it every hour with retries ({@link
 * org.sensorsandmore.core.retry.RetryPolicy}, shared with the HTTP clients). The run log ({@link
 * org.sensorsandmore.sql.pipeline.PipelineRun}) and the watermarks live in the warehouse's own
 * file, written through its transaction seam ({@link org.sensorsandmore.sql.Warehouse#inTransaction}).
 */
package org.sensorsandmore.sql.pipeline;
