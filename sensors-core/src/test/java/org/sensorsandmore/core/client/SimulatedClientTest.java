package org.sensorsandmore.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.UnknownStoreException;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;

class SimulatedClientTest {
    private static final HourWindow TWO_DAYS = HourWindow.of(LocalDate.of(2024, 7, 5), LocalDate.of(2024, 7, 7));

    @Test
    void selectedStoresGetTheSameReadingsAsInTheWholeNetwork() {
        FootfallModel model = new FootfallModel(3);
        List<Reading> all = new ArrayList<>();
        List<Reading> some = new ArrayList<>();
        try (TrafficClient client = SimulatedClient.of(
                ReadingGenerator.of(model, StoreNetwork.original()).withThreads(2))) {
            client.readings(TWO_DAYS, ReadingSink.into(all));
            client.readings(TWO_DAYS, List.of("Roma", "Madrid"), ReadingSink.into(some));
        }
        assertThat(all).hasSize(39 * 48);
        assertThat(some)
                .hasSize(5 * 48)
                .isEqualTo(all.stream()
                        .filter(r -> r.store().equals("Roma") || r.store().equals("Madrid"))
                        .toList());
    }

    @Test
    void unknownStoreIsRejectedBeforeAnyReading() {
        List<Reading> seen = new ArrayList<>();
        SimulatedClient client = SimulatedClient.of(new FootfallModel(), StoreNetwork.original());
        assertThatThrownBy(() -> client.readings(TWO_DAYS, List.of("Oslo"), ReadingSink.into(seen)))
                .isInstanceOf(UnknownStoreException.class);
        assertThat(seen).isEmpty();
        assertThat(client.network()).isEqualTo(StoreNetwork.original());
    }
}
