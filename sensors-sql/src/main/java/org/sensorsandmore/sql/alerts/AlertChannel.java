package org.sensorsandmore.sql.alerts;

import java.io.IOException;

/**
 * Where notices go: {@link EmailChannel}, {@link WebhookChannel}, or one of your own.
 *
 * <p>Implementations must be thread-safe and must not log secrets.
 */
public interface AlertChannel {
    /**
     * @return a stable name of this channel, kept with each notice in the outbox (so a notice is
     *     delivered once per channel, and a pending one is retried on the same channel by a later
     *     run); it must hold no secret: it is stored and published
     */
    String id();

    /**
     * Delivers one notice, once; the caller retries.
     *
     * @param notice the notice
     * @throws IOException when it could not be delivered (the receiver is down, refused it, timed out)
     */
    void deliver(AlertNotice notice) throws IOException;
}
