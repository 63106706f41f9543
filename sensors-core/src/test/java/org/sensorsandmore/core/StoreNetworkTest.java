package org.sensorsandmore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreNetworkTest {

    @Test
    void originalNetworkHasTheFiveStoresOfTheOriginalSystem() {
        StoreNetwork network = StoreNetwork.original();

        assertThat(network.names()).containsExactly("Madrid", "Paris", "Berlin", "Roma", "London");
        assertThat(network.stores()).extracting(Store::sensorCount).containsExactly(1, 20, 6, 4, 8);
        assertThat(network.sensorCount()).isEqualTo(39);
        Store paris = network.store("Paris");
        assertThat(paris.opened()).isEqualTo(LocalDateTime.of(2018, 1, 1, 0, 0));
        assertThat(paris.meanVisits()).isEqualTo(7000);
        assertThat(paris.stdVisits()).isEqualTo(1050);
        // Computed in floating point like the original (7 * 0.001 is not the literal 0.007).
        assertThat(paris.failureProbability()).isEqualTo(7 * 0.001);
        assertThat(paris.anomalyProbability()).isEqualTo(7 * 0.01);
        assertThat(network.store("London").meanVisits()).isEqualTo(11000);
        assertThat(network.store("London").zone().getId()).isEqualTo("Europe/London");
    }

    @Test
    void duplicateStoreNamesAreRejected() {
        Store paris = Store.builder("Paris").build();
        assertThatThrownBy(() -> StoreNetwork.of(paris, paris))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate store name 'Paris'");
    }

    @Test
    void emptyNetworkIsRejected() {
        assertThatThrownBy(() -> new StoreNetwork(List.of())).hasMessageContaining("at least one store");
    }

    @Test
    void unknownStoreNamesTheKnownOnes() {
        assertThatThrownBy(() -> StoreNetwork.original().store("paris"))
                .isInstanceOf(UnknownStoreException.class)
                .hasMessageContaining("'paris'")
                .hasMessageContaining("Madrid, Paris, Berlin, Roma, London");
    }

    @Test
    void subNetworkKeepsNetworkOrder() {
        StoreNetwork network = StoreNetwork.original();
        assertThat(network.only(List.of("London", "Madrid")).names()).containsExactly("Madrid", "London");
        assertThat(network.only(List.of())).isSameAs(network);
        assertThatThrownBy(() -> network.only(List.of("Oslo"))).isInstanceOf(UnknownStoreException.class);
    }

    @Test
    void fleetIsDeterministicWithUniqueNames() {
        StoreNetwork fleet = StoreNetwork.fleet(100, 10);
        assertThat(fleet.sensorCount()).isEqualTo(1000);
        assertThat(fleet.names()).doesNotHaveDuplicates().startsWith("Store 0001", "Store 0002");
        assertThat(StoreNetwork.fleet(100, 10)).isEqualTo(fleet);
        assertThatThrownBy(() -> StoreNetwork.fleet(0, 1)).hasMessageContaining("not 0");
    }
}
