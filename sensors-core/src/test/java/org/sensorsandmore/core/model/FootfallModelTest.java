package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Sensor;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;

class FootfallModelTest {
    private static final StoreNetwork NETWORK = StoreNetwork.original();
    private static final HourWindow YEAR_2024 = HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    private static final FootfallModel MODEL = new FootfallModel();

    /** 2024 on the original network with the default model: 39 sensors x 8784 hours. */
    private static Columns year;

    @BeforeAll
    static void generateTheYear() {
        year = new Columns(MODEL, NETWORK, YEAR_2024);
    }

    @Test
    void openHourMeanAndSpreadMatchTheStoreSettings() {
        // The default model, trend included: the trend's reference date lies in 2024, the year the
        // original network's sizes were set for.
        Columns rows = year;
        for (int s = 0; s < NETWORK.stores().size(); s++) {
            Store store = NETWORK.stores().get(s);
            // The stores' sizes are the original's; the default model scales them to real doors'.
            double mean = store.meanVisits() * FootfallSettings.DEFAULT_VISITS_SCALE;
            double std = store.stdVisits() * FootfallSettings.DEFAULT_VISITS_SCALE;
            double expectedSum = 0;
            long open = 0;
            double visitSum = 0;
            double squaredNoise = 0;
            long normal = 0;
            for (int r = 0; r < rows.size; r++) {
                if (rows.readings.storeIndex(r) != s || rows.expected[r] == 0) {
                    continue;
                }
                expectedSum += rows.expected[r];
                open++;
                if (rows.readings.status(r) == ReadingStatus.OK && !rows.readings.anomaly(r)) {
                    visitSum += rows.readings.visits(r);
                    // The noise is stdVisits at an expectation of meanVisits and scales with it.
                    double noise = (rows.readings.visits(r) - rows.expected[r]) * mean / rows.expected[r];
                    squaredNoise += noise * noise;
                    normal++;
                }
            }
            assertThat(expectedSum / open)
                    .as("mean expectation of %s", store.name())
                    .isCloseTo(mean, within(0.02 * mean));
            assertThat(visitSum / normal).as("mean count of %s", store.name()).isCloseTo(mean, within(0.03 * mean));
            assertThat(Math.sqrt(squaredNoise / normal))
                    .as("noise of %s", store.name())
                    .isCloseTo(std, within(0.05 * std));
        }
    }

    @Test
    void theDefaultLevelsAreRealDoorsCountsAndAScaleOfOneKeepsTheOriginalSizes() {
        LocalDateTime saturdayNoon = LocalDateTime.of(2024, 7, 6, 12, 0);
        for (Store store : NETWORK.stores()) {
            // Tens to a few hundred entries per door and open hour, the older (larger) stores busier.
            assertThat(store.meanVisits() * FootfallSettings.DEFAULT_VISITS_SCALE)
                    .isBetween(20.0, 300.0);
        }
        FootfallModel original =
                new FootfallModel(FootfallSettings.builder().visitsScale(1).build());
        Store paris = NETWORK.store("Paris");
        assertThat(original.expectedVisits(paris, 3, saturdayNoon) / MODEL.expectedVisits(paris, 3, saturdayNoon))
                .isCloseTo(1 / FootfallSettings.DEFAULT_VISITS_SCALE, within(1e-9));
        assertThat(MODEL.expectedVisits(NETWORK.store("London"), 0, saturdayNoon))
                .isGreaterThan(MODEL.expectedVisits(NETWORK.store("Madrid"), 0, saturdayNoon));
        assertThatThrownBy(() -> FootfallSettings.builder().visitsScale(0).build())
                .hasMessageContaining("visitsScale");
    }

    @Test
    void trendCompoundsFromTheReferenceDateAtARatePerStore() {
        FootfallModel flat =
                new FootfallModel(FootfallSettings.builder().annualGrowth(0, 0).build());
        Store london = NETWORK.store("London");
        double rate = MODEL.annualGrowth(london);
        assertThat(rate)
                .isBetween(FootfallSettings.DEFAULT_MIN_ANNUAL_GROWTH, FootfallSettings.DEFAULT_MAX_ANNUAL_GROWTH);
        LocalDateTime hour = LocalDateTime.of(2024, 6, 12, 10, 0);
        double years =
                (hour.toLocalDate().toEpochDay() - FootfallSettings.DEFAULT_TREND_REFERENCE.toEpochDay()) / 365.2425;
        assertThat(MODEL.expectedVisits(london, 3, hour) / flat.expectedVisits(london, 3, hour))
                .isCloseTo(Math.pow(1 + rate, years), within(1e-9));
        assertThat(NETWORK.stores().stream().mapToDouble(MODEL::annualGrowth).distinct())
                .hasSize(5);
    }

    @Test
    void saturdayIsBusierThanTuesdayAndSundayIsClosed() {
        double[] sum = new double[7];
        long[] count = new long[7];
        for (int r = 0; r < year.size; r++) {
            int day =
                    Hours.ofEpochHour(year.readings.epochHour(r)).getDayOfWeek().getValue() - 1;
            if (year.readings.status(r) == ReadingStatus.OK) {
                sum[day] += year.readings.visits(r);
                count[day]++;
            }
        }
        double tuesday = sum[DayOfWeek.TUESDAY.getValue() - 1] / count[DayOfWeek.TUESDAY.getValue() - 1];
        double saturday = sum[DayOfWeek.SATURDAY.getValue() - 1] / count[DayOfWeek.SATURDAY.getValue() - 1];
        assertThat(saturday).isGreaterThan(1.5 * tuesday);
        assertThat(sum[DayOfWeek.SUNDAY.getValue() - 1]).isZero();
    }

    @Test
    void dayHasAMiddayPeakAndIsClosedOutsideOpeningHours() {
        Store paris = NETWORK.store("Paris");
        LocalDate wednesday = LocalDate.of(2024, 6, 12);
        double[] hours = IntStream.range(0, 24)
                .mapToDouble(h -> MODEL.expectedVisits(paris, 0, wednesday.atTime(h, 0)))
                .toArray();
        assertThat(hours[7]).isZero();
        assertThat(hours[18]).isZero();
        assertThat(hours[8]).isPositive();
        assertThat(hours[17]).isPositive();
        assertThat(hours[12]).isGreaterThan(1.3 * hours[8]);
        assertThat(hours[16]).isGreaterThan(hours[14]);
        assertThat(MODEL.reading(paris, 0, wednesday.atTime(3, 0)))
                .isEqualTo(Reading.ok("Paris", 0, wednesday.atTime(3, 0), 0));
    }

    @Test
    void decemberIsBusierThanJulyAndJanuary() {
        double[] sum = new double[12];
        for (int r = 0; r < year.size; r++) {
            sum[Hours.ofEpochHour(year.readings.epochHour(r)).getMonthValue() - 1] += year.expected[r];
        }
        assertThat(sum[Month.DECEMBER.getValue() - 1]).isGreaterThan(1.1 * sum[Month.JULY.getValue() - 1]);
        assertThat(sum[Month.DECEMBER.getValue() - 1]).isGreaterThan(1.1 * sum[Month.JANUARY.getValue() - 1]);
        // Same weekday and hour: mid-December against mid-July, the factors' ratio 1.3 / 0.93.
        Store roma = NETWORK.store("Roma");
        double ratio = MODEL.expectedVisits(roma, 0, LocalDateTime.of(2024, 12, 17, 12, 0))
                / MODEL.expectedVisits(roma, 0, LocalDateTime.of(2024, 7, 16, 12, 0));
        assertThat(ratio).isBetween(1.3, 1.5);
    }

    @Test
    void doorsDifferButAverageToTheStoreLevel() {
        FootfallModel equalDoors =
                new FootfallModel(FootfallSettings.builder().doorWeightSpread(0).build());
        Store paris = NETWORK.store("Paris");
        LocalDateTime hour = LocalDateTime.of(2024, 3, 7, 11, 0);
        double[] doors = IntStream.range(0, paris.sensorCount())
                .mapToDouble(k -> MODEL.expectedVisits(paris, k, hour))
                .toArray();
        double mean = IntStream.range(0, doors.length)
                .mapToDouble(k -> doors[k])
                .average()
                .orElseThrow();
        assertThat(mean).isCloseTo(equalDoors.expectedVisits(paris, 0, hour), within(1e-6 * mean));
        double max = IntStream.range(0, doors.length)
                .mapToDouble(k -> doors[k])
                .max()
                .orElseThrow();
        double min = IntStream.range(0, doors.length)
                .mapToDouble(k -> doors[k])
                .min()
                .orElseThrow();
        assertThat(max / min).isGreaterThan(1.5);
    }

    @Test
    void seriesAreNotShiftedCopiesOfEachOther() {
        int paris = NETWORK.indexOf("Paris");
        int hours = (int) YEAR_2024.hours();
        int sensors = NETWORK.store("Paris").sensorCount();
        double[][] residual = new double[sensors][hours];
        for (int r = 0; r < year.size; r++) {
            if (year.readings.storeIndex(r) == paris) {
                int i = year.readings.epochHour(r) - YEAR_2024.fromEpochHour();
                boolean normal = year.readings.status(r) == ReadingStatus.OK
                        && !year.readings.anomaly(r)
                        && year.expected[r] > 0;
                residual[year.readings.sensorId(r)][i] =
                        normal ? year.readings.visits(r) / year.expected[r] - 1 : Double.NaN;
            }
        }
        for (int k = 0; k + 1 < sensors; k++) {
            // The original: value(sensor k + 1, hour h) == value(sensor k, hour h + 1) == value(k, h + 24).
            assertThat(correlation(residual[k], residual[k + 1], 0))
                    .as("sensors %d, %d", k, k + 1)
                    .isBetween(-0.08, 0.08);
            assertThat(correlation(residual[k + 1], residual[k], 1))
                    .as("sensor %d shifted", k)
                    .isBetween(-0.08, 0.08);
            assertThat(correlation(residual[k], residual[k], 1))
                    .as("sensor %d vs +1 h", k)
                    .isBetween(-0.08, 0.08);
            assertThat(correlation(residual[k], residual[k], 24))
                    .as("sensor %d vs +1 day", k)
                    .isBetween(-0.08, 0.08);
        }
        int equal = 0;
        int compared = 0;
        for (int r = 0; r + NETWORK.sensorCount() < year.size; r++) {
            int next = r + NETWORK.sensorCount() + 1; // the next sensor, one hour later
            if (year.readings.storeIndex(r) == paris
                    && year.readings.sensorId(r) + 1 < sensors
                    && year.readings.visits(r) > 0) {
                compared++;
                equal += year.readings.visits(r) == year.readings.visits(next) ? 1 : 0;
            }
        }
        assertThat(compared).isGreaterThan(10_000);
        assertThat(equal).isLessThan(compared / 100);
    }

    @Test
    void failureRateRisesWithSensorAge() {
        List<Sensor> sensors = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            sensors.add(
                    new Sensor(k, k < 10 ? LocalDateTime.of(2000, 1, 1, 0, 0) : LocalDateTime.of(2024, 1, 1, 0, 0)));
        }
        Store store = Store.builder("Ageing")
                .zone(ZoneId.of("Europe/Paris"))
                .opened(LocalDateTime.of(2000, 1, 1, 0, 0))
                .sensors(sensors)
                .failureProbability(0.02)
                .build();
        Columns rows = new Columns(MODEL, StoreNetwork.of(store), YEAR_2024);
        long[] failed = new long[2];
        long[] open = new long[2];
        for (int r = 0; r < rows.size; r++) {
            if (rows.expected[r] > 0) {
                int group = rows.readings.sensorId(r) < 10 ? 0 : 1;
                open[group]++;
                failed[group] += rows.readings.status(r) == ReadingStatus.FAILED ? 1 : 0;
            }
        }
        double old = (double) failed[0] / open[0];
        double young = (double) failed[1] / open[1];
        // Base 0.02 times 1 + 0.1 * age: about 3.45 at 24.5 years, 1.05 at half a year.
        assertThat(young).isCloseTo(0.02 * 1.05, within(0.006));
        assertThat(old).isCloseTo(0.02 * 3.45, within(0.015));
        assertThat(old).isGreaterThan(2.5 * young);
    }

    @Test
    void failedShareFollowsTheStoreFailureProbabilityAndAge() {
        for (String name : List.of("Paris", "London")) {
            Store store = NETWORK.store(name);
            int[] open = year.openRowsOf(NETWORK.indexOf(name));
            long failed = Arrays.stream(open)
                    .filter(r -> year.readings.status(r) == ReadingStatus.FAILED)
                    .count();
            double ageAtMid2024 = 2024.5 - store.opened().getYear();
            double expected =
                    store.failureProbability() * (1 + FootfallSettings.DEFAULT_AGEING_PER_YEAR * ageAtMid2024);
            assertThat((double) failed / open.length).as(name).isCloseTo(expected, within(0.25 * expected));
        }
    }

    @Test
    void outagesSpanConsecutiveHours() {
        long runs = 0;
        long failedHours = 0;
        int stride = NETWORK.sensorCount();
        for (int column = 0; column < stride; column++) {
            boolean inRun = false;
            for (int r = column; r < year.size; r += stride) {
                if (year.expected[r] == 0) {
                    continue; // closed hours neither fail nor break a run
                }
                boolean failed = year.readings.status(r) == ReadingStatus.FAILED;
                if (failed) {
                    failedHours++;
                    runs += inRun ? 0 : 1;
                }
                inRun = failed;
            }
        }
        assertThat(runs).isGreaterThan(100);
        assertThat((double) failedHours / runs).isGreaterThan(1.5);
    }

    @Test
    void anomaliesAreLabelledDropsAndSpikesAtTheStoreRate() {
        for (String name : List.of("Paris", "London")) {
            Store store = NETWORK.store(name);
            long reported = 0;
            long anomalies = 0;
            long drops = 0;
            long spikes = 0;
            long strong = 0;
            for (int r : year.openRowsOf(NETWORK.indexOf(name))) {
                if (year.readings.status(r) != ReadingStatus.OK) {
                    continue;
                }
                reported++;
                double ratio = year.readings.visits(r) / year.expected[r];
                if (year.readings.anomaly(r)) {
                    anomalies++;
                    drops += ratio < 0.6 ? 1 : 0;
                    spikes += ratio > 1.6 ? 1 : 0;
                    strong += Math.abs(ratio - 1) > 0.25 ? 1 : 0;
                } else {
                    assertThat(Math.abs(ratio - 1)).as("normal reading %d", r).isLessThan(0.7);
                }
            }
            double rate = (double) anomalies / reported;
            assertThat(rate).as(name).isCloseTo(store.anomalyProbability(), within(0.1 * store.anomalyProbability()));
            assertThat(drops).as(name).isGreaterThan(anomalies / 3);
            assertThat(spikes).as(name).isGreaterThan(anomalies / 3);
            assertThat(strong).as(name).isGreaterThan(anomalies * 99 / 100);
        }
        for (int r = 0; r < year.size; r++) {
            if (year.expected[r] == 0) {
                assertThat(year.readings.anomaly(r)).as("closed hour %d", r).isFalse();
            }
        }
    }

    @Test
    void publicHolidaysAreClosedAllDay() {
        Store paris = NETWORK.store("Paris");
        for (LocalDate day : List.of(LocalDate.of(2024, 12, 25), LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 1))) {
            for (int h = 0; h < 24; h++) {
                for (int k = 0; k < paris.sensorCount(); k++) {
                    assertThat(MODEL.reading(paris, k, day.atTime(h, 0)))
                            .isEqualTo(Reading.ok("Paris", k, day.atTime(h, 0), 0));
                }
            }
        }
        assertThat(MODEL.expectedVisits(NETWORK.store("London"), 0, LocalDateTime.of(2024, 8, 26, 12, 0)))
                .isZero();
        LocalDateTime mayDay = LocalDateTime.of(2024, 5, 1, 12, 0);
        FootfallModel noHolidays = new FootfallModel(FootfallSettings.builder()
                .holidays(zone -> HolidayCalendar.none())
                .build());
        assertThat(noHolidays.expectedVisits(paris, 0, mayDay)).isPositive();
        assertThat(MODEL.expectedVisits(paris, 0, LocalDateTime.of(2024, 4, 2, 10, 0)))
                .isPositive();
    }

    @Test
    void closedHoursAreZeroAndNeverFailed() {
        Store flaky = Store.builder("Flaky")
                .opened(LocalDateTime.of(2023, 1, 1, 0, 0))
                .sensors(3)
                .failureProbability(0.5)
                .anomalyProbability(0.5)
                .build();
        Columns rows = new Columns(
                MODEL, StoreNetwork.of(flaky), HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1)));
        long open = 0;
        long failed = 0;
        for (int r = 0; r < rows.size; r++) {
            if (rows.expected[r] == 0) {
                assertThat(rows.readings.status(r)).isEqualTo(ReadingStatus.OK);
                assertThat(rows.readings.visits(r)).isZero();
            } else {
                open++;
                failed += rows.readings.status(r) == ReadingStatus.FAILED ? 1 : 0;
            }
        }
        assertThat((double) failed / open).isBetween(0.3, 0.7);
        Store dead = flaky.toBuilder().failureProbability(1).build();
        LocalDateTime noon = LocalDateTime.of(2024, 2, 6, 12, 0);
        assertThat(MODEL.reading(dead, 1, noon).status()).isEqualTo(ReadingStatus.FAILED);
        assertThat(MODEL.reading(dead, 1, noon.withHour(22)).status()).isEqualTo(ReadingStatus.OK);
    }

    @Test
    void hoursBeforeTheOpeningAreNotOpen() {
        LocalDateTime opening = LocalDateTime.of(2024, 3, 5, 10, 0);
        Store store = Store.builder("New").opened(opening).failureProbability(0).build();
        assertThat(MODEL.reading(store, 0, opening.minusHours(1)).status()).isEqualTo(ReadingStatus.NOT_OPEN);
        assertThat(MODEL.reading(store, 0, opening.minusDays(1)).status()).isEqualTo(ReadingStatus.NOT_OPEN);
        assertThat(MODEL.expectedVisits(store, 0, opening.minusHours(1))).isZero();
        assertThat(MODEL.reading(store, 0, opening).visits()).isPositive();
        assertThat(MODEL.reading(store, 0, opening.plusHours(12)))
                .isEqualTo(Reading.ok("New", 0, opening.plusHours(12), 0));
    }

    @Test
    void sameSeedGivesTheSameReadingsAndAnotherSeedOthers() {
        HourWindow weeks = HourWindow.of(LocalDate.of(2024, 2, 5), LocalDate.of(2024, 2, 19));
        List<Reading> first = ReadingGenerator.of(new FootfallModel(5), NETWORK).readings(weeks);
        List<Reading> again = ReadingGenerator.of(new FootfallModel(5), NETWORK).readings(weeks);
        List<Reading> other = ReadingGenerator.of(new FootfallModel(6), NETWORK).readings(weeks);
        assertThat(again).isEqualTo(first);
        long positive = first.stream().filter(reading -> reading.visits() > 0).count();
        long differ = IntStream.range(0, first.size())
                .filter(i -> first.get(i).visits() > 0 && !first.get(i).equals(other.get(i)))
                .count();
        assertThat(differ).isGreaterThan(positive * 95 / 100);
        assertThat(new FootfallModel().reading(NETWORK.store("Roma"), 2, LocalDateTime.of(2024, 2, 6, 11, 0)))
                .isEqualTo(new FootfallModel(0).reading(NETWORK.store("Roma"), 2, LocalDateTime.of(2024, 2, 6, 11, 0)));
    }

    @Test
    void fillGivesTheSameValuesAsReading() {
        List<Sensor> sensors = List.of(
                new Sensor(0, LocalDateTime.of(2015, 1, 1, 0, 0)),
                new Sensor(1, LocalDateTime.of(2023, 12, 28, 11, 0)),
                new Sensor(2, LocalDateTime.of(2030, 1, 1, 0, 0)));
        Store flaky = Store.builder("Flaky")
                .zone(ZoneId.of("Europe/London"))
                .opened(LocalDateTime.of(2023, 12, 28, 11, 0))
                .sensors(sensors)
                .failureProbability(0.1)
                .anomalyProbability(0.3)
                .build();
        List<Store> stores = new ArrayList<>(NETWORK.stores());
        stores.add(flaky);
        StoreNetwork network = new StoreNetwork(stores);
        HourWindow weeks = HourWindow.of(LocalDate.of(2023, 12, 20), LocalDate.of(2024, 1, 17));
        List<Reading> bulk =
                ReadingGenerator.of(MODEL, network).withBatchRows(1000).readings(weeks);
        assertThat(bulk).hasSize((int) weeks.hours() * network.sensorCount());
        for (Reading reading : bulk) {
            assertThat(MODEL.reading(network.store(reading.store()), reading.sensorId(), reading.hour()))
                    .isEqualTo(reading);
        }
        assertThat(bulk).extracting(Reading::status).contains(ReadingStatus.values());
        assertThat(bulk).anyMatch(Reading::anomaly);
    }

    @Test
    void twoThreadsGiveWhatOneGives() {
        HourWindow quarter = HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 1));
        ReadingGenerator generator =
                ReadingGenerator.of(new FootfallModel(11), NETWORK).withBatchRows(5000);
        assertThat(generator.withThreads(2).readings(quarter)).isEqualTo(generator.readings(quarter));
    }

    @Test
    void windowIsTheConcatenationOfItsParts() {
        LocalDateTime a = LocalDateTime.of(2024, 3, 1, 0, 0);
        LocalDateTime b = LocalDateTime.of(2024, 3, 10, 13, 0);
        LocalDateTime c = LocalDateTime.of(2024, 3, 20, 7, 0);
        ReadingGenerator generator = ReadingGenerator.of(MODEL, NETWORK);
        List<Reading> parts = new ArrayList<>(generator.readings(HourWindow.of(a, b)));
        parts.addAll(generator.readings(HourWindow.of(b, c)));
        assertThat(generator.readings(HourWindow.of(a, c))).isEqualTo(parts);
    }

    @Test
    void readingRejectsAnUnknownSensorAndAPartialHour() {
        Store paris = NETWORK.store("Paris");
        assertThatThrownBy(() -> MODEL.reading(paris, 20, LocalDateTime.of(2024, 1, 2, 10, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20");
        assertThatThrownBy(() -> MODEL.expectedVisits(paris, 0, LocalDateTime.of(2024, 1, 2, 10, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10:30");
    }

    @Test
    void normalTableHasUnitVarianceAndMatchesTheQuantiles() {
        assertThat(NormalTable.inverseCdf(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(NormalTable.inverseCdf(0.001)).isCloseTo(-3.090232, within(1e-6));
        double sum = 0;
        double squares = 0;
        int n = 1 << 20;
        for (int i = 0; i < n; i++) {
            double z = NormalTable.z(Mix.at(42, i));
            sum += z;
            squares += z * z;
        }
        assertThat(sum / n).isCloseTo(0, within(0.005));
        assertThat(squares / n).isCloseTo(1, within(0.005));
        assertThat(NormalTable.z(-1L)).isCloseTo(NormalTable.max(), within(1e-5));
        assertThat(NormalTable.max()).isBetween(3.5, 4.5);
    }

    private static double correlation(double[] x, double[] y, int shift) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i + shift < x.length; i++) {
            double a = x[i];
            double b = y[i + shift];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                continue;
            }
            sx += a;
            sy += b;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
            n++;
        }
        assertThat(n).isGreaterThan(1000);
        double cov = sxy / n - (sx / n) * (sy / n);
        return cov / Math.sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
    }

    /** Every reading of a window in one batch, with its expectation, without one object per reading. */
    private static final class Columns {
        final int size;
        final ReadingBatch readings;
        final double[] expected;

        Columns(FootfallModel model, StoreNetwork network, HourWindow window) {
            size = Math.toIntExact(window.hours() * network.sensorCount());
            readings = ReadingBatch.create(network.names(), size);
            expected = new double[size];
            ReadingGenerator.of(model, network).generate(window, batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    readings.add(
                            readings.storeIndex(batch.storeName(i)),
                            batch.sensorId(i),
                            batch.epochHour(i),
                            batch.status(i),
                            batch.visits(i),
                            batch.anomaly(i));
                }
            });
            assertThat(readings.size()).isEqualTo(size);
            List<Store> stores = network.stores();
            for (int r = 0; r < size; r++) {
                expected[r] = model.expectedVisits(
                        stores.get(readings.storeIndex(r)),
                        readings.sensorId(r),
                        Hours.ofEpochHour(readings.epochHour(r)));
            }
        }

        /** @return the rows of a store's open hours (those it expects visitors in), in order */
        int[] openRowsOf(int store) {
            return IntStream.range(0, size)
                    .filter(r -> readings.storeIndex(r) == store && expected[r] > 0)
                    .toArray();
        }
    }
}
