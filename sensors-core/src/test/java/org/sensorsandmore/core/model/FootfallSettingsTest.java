package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FootfallSettingsTest {

    @Test
    void defaultsAreTheNamedConstants() {
        FootfallSettings settings = FootfallSettings.defaults();
        assertThat(settings.seed()).isEqualTo(FootfallSettings.DEFAULT_SEED);
        assertThat(settings.openingHour())
                .isEqualTo(FootfallSettings.DEFAULT_OPENING_HOUR)
                .isEqualTo(8);
        assertThat(settings.closingHour())
                .isEqualTo(FootfallSettings.DEFAULT_CLOSING_HOUR)
                .isEqualTo(18);
        assertThat(settings.closedDays()).containsExactly(DayOfWeek.SUNDAY);
        assertThat(settings.weekdayFactors()).isEqualTo(FootfallSettings.DEFAULT_WEEKDAY_FACTORS);
        assertThat(settings.monthlyFactors()).isEqualTo(FootfallSettings.DEFAULT_MONTHLY_FACTORS);
        assertThat(settings.weekdayFactor(DayOfWeek.SATURDAY)).isGreaterThan(settings.weekdayFactor(DayOfWeek.TUESDAY));
        assertThat(settings.monthlyFactor(Month.DECEMBER)).isGreaterThan(settings.monthlyFactor(Month.JULY));
        assertThat(settings.holidays()).isSameAs(FootfallSettings.DEFAULT_HOLIDAYS);
        assertThat(settings.minAnnualGrowth()).isEqualTo(FootfallSettings.DEFAULT_MIN_ANNUAL_GROWTH);
        assertThat(settings.maxAnnualGrowth()).isEqualTo(FootfallSettings.DEFAULT_MAX_ANNUAL_GROWTH);
        assertThat(settings.doorWeightSpread()).isEqualTo(FootfallSettings.DEFAULT_DOOR_WEIGHT_SPREAD);
        assertThat(settings.ageingPerYear()).isEqualTo(FootfallSettings.DEFAULT_AGEING_PER_YEAR);
        assertThat(settings.outageBlockHours()).isEqualTo(FootfallSettings.DEFAULT_OUTAGE_BLOCK_HOURS);
        assertThat(settings.meanOutageHours()).isEqualTo(FootfallSettings.DEFAULT_MEAN_OUTAGE_HOURS);
        assertThat(settings.spikeShare()).isEqualTo(FootfallSettings.DEFAULT_SPIKE_SHARE);
        assertThat(settings).isEqualTo(FootfallSettings.builder().build());
        assertThat(settings).hasSameHashCodeAs(FootfallSettings.builder().build());
        assertThat(new FootfallModel().settings()).isEqualTo(settings);
    }

    @Test
    void builderSetsValuesAndToBuilderCopiesThem() {
        FootfallSettings settings = FootfallSettings.builder()
                .seed(42)
                .openingHours(9, 21)
                .closedDays(Set.of())
                .weekdayFactor(DayOfWeek.SUNDAY, 0.5)
                .monthlyFactor(Month.AUGUST, 0.5)
                .annualGrowth(0, 0)
                .outages(48, 4)
                .spikeFactors(3, 5)
                .dropFactors(0, 0.2)
                .build();
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.openingHour()).isEqualTo(9);
        assertThat(settings.closingHour()).isEqualTo(21);
        assertThat(settings.closedDays()).isEmpty();
        assertThat(settings.weekdayFactor(DayOfWeek.SUNDAY)).isEqualTo(0.5);
        assertThat(settings.monthlyFactor(Month.AUGUST)).isEqualTo(0.5);
        assertThat(settings.outageBlockHours()).isEqualTo(48);
        assertThat(settings.meanOutageHours()).isEqualTo(4);
        assertThat(settings.toBuilder().build()).isEqualTo(settings).isNotEqualTo(FootfallSettings.defaults());
        assertThat(settings.withSeed(43).seed()).isEqualTo(43);
        assertThat(settings.withSeed(43)).isNotEqualTo(settings);
        assertThat(settings.toString()).contains("seed=42", "9..21");
    }

    @Test
    void closedDaysCannotBeChangedFromOutside() {
        Set<DayOfWeek> days = EnumSet.of(DayOfWeek.MONDAY);
        FootfallSettings settings = FootfallSettings.builder().closedDays(days).build();
        days.add(DayOfWeek.TUESDAY);
        assertThat(settings.closedDays()).containsExactly(DayOfWeek.MONDAY);
        assertThatThrownBy(() -> settings.closedDays().add(DayOfWeek.FRIDAY))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad(b -> b.openingHours(25, 26), "openingHour", "25"),
                bad(b -> b.openingHours(8, 25), "closingHour", "25"),
                bad(b -> b.openingHours(10, 9), "closingHour 9", "openingHour 10"),
                bad(b -> b.middayPeak(30, 0.5), "middayPeakTime", "30.0"),
                bad(b -> b.afternoonPeak(17, -1), "afternoonPeakBoost", "-1.0"),
                bad(b -> b.peakWidthHours(0), "peakWidthHours", "0.0"),
                bad(b -> b.weekdayFactor(DayOfWeek.FRIDAY, Double.NaN), "FRIDAY", "NaN"),
                bad(b -> b.closedDays(EnumSet.allOf(DayOfWeek.class)), "closedDays", "SUNDAY"),
                bad(b -> b.monthlyFactor(Month.MAY, -0.5), "MAY", "-0.5"),
                bad(b -> b.annualGrowth(-1.5, 0), "minAnnualGrowth", "-1.5"),
                bad(b -> b.annualGrowth(0.05, 0.01), "maxAnnualGrowth", "0.01"),
                bad(b -> b.doorWeightSpread(-0.1), "doorWeightSpread", "-0.1"),
                bad(b -> b.ageingPerYear(Double.POSITIVE_INFINITY), "ageingPerYear", "Infinity"),
                bad(b -> b.outages(0, 1), "outageBlockHours", "0"),
                bad(b -> b.outages(72, 0), "meanOutageHours", "0"),
                bad(b -> b.outages(10, 6), "meanOutageHours 6", "11", "10"),
                bad(b -> b.spikeShare(1.5), "spikeShare", "1.5"),
                bad(b -> b.dropFactors(0.5, 0.4), "maxDropFactor", "0.4"),
                bad(b -> b.spikeFactors(0.5, 2), "minSpikeFactor", "0.5"),
                bad(b -> b.spikeFactors(3, 2), "maxSpikeFactor", "2.0"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void validationNamesTheBadValue(UnaryOperator<FootfallSettings.Builder> change, String[] expected) {
        assertThatThrownBy(() -> change.apply(FootfallSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(expected);
    }

    @Test
    void openWeekdaysNeedSomeTraffic() {
        FootfallSettings.Builder builder = FootfallSettings.builder()
                .closedDays(Set.of(
                        DayOfWeek.MONDAY,
                        DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY,
                        DayOfWeek.FRIDAY,
                        DayOfWeek.SUNDAY));
        assertThat(builder.build().closedDays()).hasSize(6);
        assertThatThrownBy(() -> builder.weekdayFactor(DayOfWeek.SATURDAY, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SATURDAY=0.0");
    }

    private static Arguments bad(UnaryOperator<FootfallSettings.Builder> change, String... expected) {
        return Arguments.of(change, expected);
    }
}
