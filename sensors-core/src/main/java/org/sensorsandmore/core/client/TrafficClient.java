package org.sensorsandmore.core.client;

import java.util.Collection;
import java.util.List;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;

/**
 * A source of readings: which stores and sensors exist, and the readings of a window.
 *
 * <p>Readings reach the sink in the generator's order: hour by hour, then store by store in network
 * order, then sensor by sensor. Implementations say whether they are thread-safe; a client holding
 * connections is closed when done.
 */
public interface TrafficClient extends AutoCloseable {

    /**
     * @return the stores and their sensors
     * @throws SensorsException when the source cannot be reached
     */
    StoreNetwork network();

    /**
     * Streams the readings of a window for some stores to a sink.
     *
     * @param window the hours
     * @param stores store names; empty for every store
     * @param sink where the readings go, in order
     * @throws org.sensorsandmore.core.UnknownStoreException when a name is not a store
     * @throws SensorsException when the source fails
     */
    void readings(HourWindow window, Collection<String> stores, ReadingSink sink);

    /**
     * Streams the readings of a window for every store to a sink.
     *
     * @param window the hours
     * @param sink where the readings go, in order
     */
    default void readings(HourWindow window, ReadingSink sink) {
        readings(window, List.of(), sink);
    }

    /** Releases what the client holds; the default holds nothing. */
    @Override
    default void close() {}
}
