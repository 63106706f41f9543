package org.sensorsandmore.examples.cli.options;

import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.TrafficModel;

/** The {@code --model} values. */
public enum ModelChoice {
    /** The original Python sensor, bit for bit (the seed is not used). */
    classic {
        @Override
        TrafficModel create(long seed) {
            return new ClassicModel();
        }
    },
    /** The realistic default model. */
    footfall {
        @Override
        TrafficModel create(long seed) {
            return new FootfallModel(seed);
        }
    };

    abstract TrafficModel create(long seed);
}
