package org.sensorsandmore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreTest {

    @Test
    void builderGivesSensorsNumberedFromZeroInstalledAtOpening() {
        LocalDateTime opened = LocalDateTime.of(2023, 8, 4, 8, 0);
        Store store = Store.builder("Lyon").opened(opened).sensors(3).build();

        assertThat(store.sensors()).extracting(Sensor::id).containsExactly(0, 1, 2);
        assertThat(store.sensors()).extracting(Sensor::installed).containsOnly(opened);
        assertThat(store.meanVisits()).isEqualTo(Store.DEFAULT_MEAN_VISITS);
    }

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> Store.builder("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void nameWithSurroundingSpacesOrControlCharactersIsRejected() {
        assertThatThrownBy(() -> Store.builder(" Paris").build()).hasMessageContaining("' Paris'");
        assertThatThrownBy(() -> Store.builder("Pa\nris").build()).hasMessageContaining("control");
    }

    @Test
    void aNameASpreadsheetWouldRunAsAFormulaIsRejected() {
        for (String formula : new String[] {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"}) {
            assertThatThrownBy(() -> Store.builder(formula).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A store name must not start with '" + formula.charAt(0)
                            + "', which spreadsheets run as a formula: '" + formula + "'");
        }
        // Only the first character counts.
        assertThat(Store.builder("Paris-Nord = 2").build().name()).isEqualTo("Paris-Nord = 2");
        assertThat(Store.formulaProblem("Paris")).isEmpty();
    }

    @Test
    void negativeOrZeroSensorCountIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> Store.builder("Paris").sensors(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Store.builder("Paris").sensors(0)).hasMessageContaining("0");
    }

    @Test
    void probabilitiesOutsideUnitIntervalAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> Store.builder("Paris").failureProbability(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureProbability")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> Store.builder("Paris").anomalyProbability(-0.1).build())
                .hasMessageContaining("anomalyProbability")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() ->
                        Store.builder("Paris").anomalyProbability(Double.NaN).build())
                .hasMessageContaining("NaN");
    }

    @Test
    void negativeMeanOrStdIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> Store.builder("Paris").meanVisits(-1).build())
                .hasMessageContaining("meanVisits")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Store.builder("Paris")
                        .stdVisits(Double.POSITIVE_INFINITY)
                        .build())
                .hasMessageContaining("stdVisits");
    }

    @Test
    void sensorIdsMustRunFromZeroInOrder() {
        LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
        assertThatThrownBy(() -> Store.builder("Paris")
                        .sensors(List.of(new Sensor(0, t), new Sensor(2, t)))
                        .build())
                .hasMessageContaining("sensor 1 has id 2");
    }

    @Test
    void openingMustBeAWholeHour() {
        assertThatThrownBy(() -> Store.builder("Paris")
                        .opened(LocalDateTime.of(2024, 1, 1, 8, 30))
                        .build())
                .hasMessageContaining("whole hour");
    }

    @Test
    void unknownSensorNamesTheValidRange() {
        Store store = Store.builder("Paris").sensors(4).build();
        assertThatThrownBy(() -> store.sensor(4)).hasMessageContaining("0..3");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        Store store = Store.builder("Paris")
                .zone(ZoneId.of("Europe/Paris"))
                .sensors(5)
                .meanVisits(7000)
                .stdVisits(1050)
                .failureProbability(0.007)
                .anomalyProbability(0.07)
                .build();
        assertThat(store.toBuilder().build()).isEqualTo(store);
    }
}
