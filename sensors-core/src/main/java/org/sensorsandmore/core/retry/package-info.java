/**
 * How everything that fetches tries again: one {@link org.sensorsandmore.core.retry.RetryPolicy}
 * (attempts, exponential back-off, optional seeded jitter) for the HTTP clients' requests, the
 * pipeline's chunks and the scheduler's runs; a {@link org.sensorsandmore.core.retry.Backoff} that
 * draws a policy's waits and waits them through a {@link org.sensorsandmore.core.retry.Sleeper}, so a
 * test passes a sleeper that records or moves a fake clock instead of waiting.
 *
 * <p>Retrying layers multiply: a request tried 5 times inside a chunk tried 3 times inside a run
 * tried 4 times may be sent 60 times. {@link org.sensorsandmore.core.retry.RetryPolicy#worstCaseAttempts}
 * states that bound for any nesting.
 */
package org.sensorsandmore.core.retry;
