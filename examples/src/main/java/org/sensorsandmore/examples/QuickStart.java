package org.sensorsandmore.examples;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;

/**
 * The README's quick start: one week of the original five stores with the default footfall model,
 * summed per store. Run with {@code java -cp examples/target/sensors.jar
 * org.sensorsandmore.examples.QuickStart}.
 */
public final class QuickStart {
    private QuickStart() {}

    /**
     * @param args none
     */
    public static void main(String[] args) {
        StoreNetwork network = StoreNetwork.original();
        HourWindow week = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 8));
        Map<String, Long> visitsPerStore = new LinkedHashMap<>();
        ReadingGenerator.of(new FootfallModel(), network).generate(week, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                visitsPerStore.merge(batch.storeName(i), (long) batch.visits(i), Long::sum);
            }
        });
        visitsPerStore.forEach((store, visits) -> System.out.printf("%-8s %,12d visits%n", store, visits));
    }
}
