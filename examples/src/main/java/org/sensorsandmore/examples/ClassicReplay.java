package org.sensorsandmore.examples;

import java.time.LocalDateTime;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.model.TrafficModel;

/**
 * Asks the classic model what the original Python API answered for
 * {@code /?store_name=Paris&year=2022&month=7&day=30&hour=12&sensor_id=12} (5714) and for the
 * whole Paris store at that hour (147093): the numbers a migration can be checked against.
 */
public final class ClassicReplay {
    private ClassicReplay() {}

    /**
     * @param args none
     */
    public static void main(String[] args) {
        TrafficModel model = new ClassicModel();
        Store paris = StoreNetwork.original().store("Paris");
        LocalDateTime noon = LocalDateTime.of(2022, 7, 30, 12, 0);

        System.out.println("Paris sensor 12: " + model.reading(paris, 12, noon).legacyCount());
        long storeTotal = 0;
        for (int sensor = 0; sensor < paris.sensorCount(); sensor++) {
            // The original's store sum counts a failed sensor as 0.
            storeTotal += model.reading(paris, sensor, noon).visits();
        }
        System.out.println("Paris store:     " + storeTotal);
    }
}
