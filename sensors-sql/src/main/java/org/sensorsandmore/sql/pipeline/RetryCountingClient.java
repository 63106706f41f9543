package org.sensorsandmore.sql.pipeline;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * The pipeline's view of its client: every call passed on, and the retries the client tells its
 * sinks of ({@link ReadingSink#retrying}) counted, so that the run log's {@code attempts} holds the
 * client's own retries without the pipeline knowing what kind of client it is. The client's own
 * lifecycle stays its owner's: closing this closes nothing.
 *
 * <p>This class is thread-safe: a client may report retries from threads of its own.
 */
final class RetryCountingClient implements TrafficClient {
    private final TrafficClient client;
    private final LongAdder retries = new LongAdder();

    RetryCountingClient(TrafficClient client) {
        this.client = client;
    }

    /** @return the retries the client reported since the last {@link #resetRetries()} */
    long retries() {
        return retries.sum();
    }

    /** Starts the count again, at a run's start. */
    void resetRetries() {
        retries.reset();
    }

    @Override
    public StoreNetwork network() {
        return client.network();
    }

    @Override
    public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
        client.readings(window, stores, new ReadingSink() {
            @Override
            public void accept(ReadingBatch batch) {
                sink.accept(batch);
            }

            @Override
            public void retrying(HourWindow retried) {
                retries.increment();
                sink.retrying(retried);
            }
        });
    }

    @Override
    public String toString() {
        return client.toString();
    }
}
