package com.example.footfall;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.FootfallModel;

/** What a user of sensors-core writes: fetch a month through a client and find the busiest store. */
public final class BusiestStore {
    private BusiestStore() {}

    /**
     * @param month the first day of the month
     * @return the name of the store with the most visits that month
     */
    public static String of(LocalDate month) {
        Map<String, Long> visits = new HashMap<>();
        try (TrafficClient client = SimulatedClient.of(new FootfallModel(), StoreNetwork.original())) {
            client.readings(HourWindow.of(month, month.plusMonths(1)), batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    visits.merge(batch.storeName(i), (long) batch.visits(i), Long::sum);
                }
            });
        }
        return visits.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    public static void main(String[] args) {
        System.out.println(of(LocalDate.of(2024, 12, 1)));
    }
}
