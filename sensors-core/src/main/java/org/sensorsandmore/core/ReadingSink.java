package org.sensorsandmore.core;

import java.util.List;

/**
 * Where bulk readings go: a database appender, a CSV writer, a network stream, a test's list.
 *
 * <p>A producer calls {@link #accept} with one batch after another, in order, from one thread at a
 * time. The batch belongs to the producer and is reused once {@code accept} returns: a sink copies
 * what it keeps. A sink signals failure by throwing; the producer stops and passes the exception on.
 *
 * <p>A producer that retries (an HTTP client) also tells the sink of each request it makes again
 * ({@link #retrying}), so that whoever reads can count every attempt a fetch took.
 */
@FunctionalInterface
public interface ReadingSink {

    /**
     * @param batch the next rows; valid only during this call
     */
    void accept(ReadingBatch batch);

    /**
     * Told by a producer that a request for some of the readings failed and is made again: the
     * pipeline counts these into its run log's attempts. A producer may call it from threads of its
     * own, so an implementation that counts is thread-safe. The default ignores it.
     *
     * @param window the hours of the request made again
     */
    default void retrying(HourWindow window) {}

    /**
     * @param list where each reading is added as a value
     * @return a sink that collects into the list (for tests and small windows)
     */
    static ReadingSink into(List<Reading> list) {
        return batch -> batch.forEach(list::add);
    }

    /**
     * @param next the sink that sees each batch after this one
     * @return a sink that hands each batch, and each retry, to this sink, then to {@code next}
     */
    default ReadingSink andThen(ReadingSink next) {
        ReadingSink first = this;
        return new ReadingSink() {
            @Override
            public void accept(ReadingBatch batch) {
                first.accept(batch);
                next.accept(batch);
            }

            @Override
            public void retrying(HourWindow window) {
                first.retrying(window);
                next.retrying(window);
            }
        };
    }
}
