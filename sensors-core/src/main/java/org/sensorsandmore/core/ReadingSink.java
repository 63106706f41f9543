package org.sensorsandmore.core;

import java.util.List;

/**
 * Where bulk readings go: a database appender, a CSV writer, a network stream, a test's list.
 *
 * <p>A producer calls {@link #accept} with one batch after another, in order, from one thread at a
 * time. The batch belongs to the producer and is reused once {@code accept} returns: a sink copies
 * what it keeps. A sink signals failure by throwing; the producer stops and passes the exception on.
 */
@FunctionalInterface
public interface ReadingSink {

    /**
     * @param batch the next rows; valid only during this call
     */
    void accept(ReadingBatch batch);

    /**
     * @param list where each reading is added as a value
     * @return a sink that collects into the list (for tests and small windows)
     */
    static ReadingSink into(List<Reading> list) {
        return batch -> batch.forEach(list::add);
    }

    /**
     * @param next the sink that sees each batch after this one
     * @return a sink that hands each batch to this sink, then to {@code next}
     */
    default ReadingSink andThen(ReadingSink next) {
        return batch -> {
            accept(batch);
            next.accept(batch);
        };
    }
}
