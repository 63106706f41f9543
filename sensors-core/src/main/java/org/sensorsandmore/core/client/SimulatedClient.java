package org.sensorsandmore.core.client;

import java.util.Collection;
import java.util.Objects;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.core.model.TrafficModel;

/**
 * A {@link TrafficClient} that computes readings in process with a {@link TrafficModel}: the
 * embedded default, and the reference the HTTP clients are checked against.
 *
 * <pre>{@code
 * try (TrafficClient client = SimulatedClient.of(new FootfallModel(), StoreNetwork.original())) {
 *     client.readings(HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2)), sink);
 * }
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class SimulatedClient implements TrafficClient {
    private final ReadingGenerator generator;

    private SimulatedClient(ReadingGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * @param model the traffic model
     * @param network the stores
     * @return a single-threaded simulated client
     */
    public static SimulatedClient of(TrafficModel model, StoreNetwork network) {
        return new SimulatedClient(ReadingGenerator.of(model, network));
    }

    /**
     * @param generator the generator, with its thread count and batch size
     * @return a simulated client over it
     */
    public static SimulatedClient of(ReadingGenerator generator) {
        return new SimulatedClient(generator);
    }

    @Override
    public StoreNetwork network() {
        return generator.network();
    }

    @Override
    public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
        // The generator's copy for the chosen stores keeps its threads and batch size.
        generator.withNetwork(generator.network().only(stores)).generate(window, sink);
    }
}
