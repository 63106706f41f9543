package org.sensorsandmore.examples.cli.options;

import org.sensorsandmore.core.model.TrafficModel;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --seed}: the simulated sensors of every command that simulates. */
public final class ModelOptions {
    @Option(
            names = "--model",
            defaultValue = "footfall",
            description = "The simulated sensors: classic or footfall (default: ${DEFAULT-VALUE}).")
    ModelChoice model;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the footfall model (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * @return the model chosen
     */
    public ModelChoice model() {
        return model;
    }

    /**
     * @return the footfall model's seed
     */
    public long seed() {
        return seed;
    }

    /**
     * @return the model chosen, with its seed
     */
    public TrafficModel create() {
        return model.create(seed);
    }
}
