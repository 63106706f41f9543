package org.sensorsandmore.core;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A store: a name, a time zone, an opening time, its door sensors and the base levels of its
 * traffic.
 *
 * <p>The base levels are those of the original system: {@code meanVisits} and {@code stdVisits}
 * per door and open hour, the probability that a sensor fails in an hour, and the probability that
 * an hour is hit by an anomaly. Traffic models read them; see {@code TrafficModel}.
 *
 * <pre>{@code
 * Store lyon = Store.builder("Lyon")
 *         .zone(ZoneId.of("Europe/Paris"))
 *         .opened(LocalDateTime.of(2020, 3, 1, 0, 0))
 *         .sensors(3)
 *         .meanVisits(2500)
 *         .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param name the store's name, unique within a network
 * @param zone the store's time zone, which tells which hours are complete "now"
 * @param opened the store-local hour the store opened; readings before it are {@code NOT_OPEN}
 * @param sensors the door sensors, with ids 0, 1, 2… in order
 * @param meanVisits the mean count per door and open hour
 * @param stdVisits the standard deviation of that count
 * @param failureProbability the probability that a sensor does not report in an hour, in [0, 1]
 * @param anomalyProbability the probability that an hour's count is hit by an anomaly, in [0, 1]
 */
public record Store(
        String name,
        ZoneId zone,
        LocalDateTime opened,
        List<Sensor> sensors,
        double meanVisits,
        double stdVisits,
        double failureProbability,
        double anomalyProbability) {

    /** The longest store name accepted. */
    public static final int MAX_NAME_LENGTH = 100;

    /** The default mean count per door and open hour: the original system's {@code Store} default. */
    public static final double DEFAULT_MEAN_VISITS = 1000;

    /** The default standard deviation per door and open hour: the original's default. */
    public static final double DEFAULT_STD_VISITS = 150;

    /** The default failure probability per sensor and hour: the original's default. */
    public static final double DEFAULT_FAILURE_PROBABILITY = 0.05;

    /** The default anomaly probability per sensor and hour: the original's default. */
    public static final double DEFAULT_ANOMALY_PROBABILITY = 0.2;

    /** Validates every component, naming the bad value, and copies the sensor list. */
    public Store {
        name = requireValidName(name);
        Objects.requireNonNull(zone, "zone of store " + name);
        Hours.requireWholeHour(opened, "opening of store " + name);
        Objects.requireNonNull(sensors, "sensors of store " + name);
        sensors = List.copyOf(sensors);
        if (sensors.isEmpty()) {
            throw new IllegalArgumentException("Store " + name + " needs at least one sensor");
        }
        for (int i = 0; i < sensors.size(); i++) {
            if (sensors.get(i).id() != i) {
                throw new IllegalArgumentException(
                        "Store " + name + ": sensor ids must be 0.." + (sensors.size() - 1) + " in order, but sensor "
                                + i + " has id " + sensors.get(i).id());
            }
        }
        requireNonNegative(meanVisits, "meanVisits", name);
        requireNonNegative(stdVisits, "stdVisits", name);
        requireProbability(failureProbability, "failureProbability", name);
        requireProbability(anomalyProbability, "anomalyProbability", name);
    }

    /**
     * @param name the store's name
     * @return a builder with the original system's defaults, one sensor, zone UTC, opened 2024-01-01
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a builder holding this store's values */
    public Builder toBuilder() {
        return new Builder(name)
                .zone(zone)
                .opened(opened)
                .sensors(sensors)
                .meanVisits(meanVisits)
                .stdVisits(stdVisits)
                .failureProbability(failureProbability)
                .anomalyProbability(anomalyProbability);
    }

    /** @return how many sensors the store has */
    public int sensorCount() {
        return sensors.size();
    }

    /**
     * @param id a sensor id
     * @return the sensor
     * @throws IllegalArgumentException naming the valid range when the store has no such sensor
     */
    public Sensor sensor(int id) {
        if (id < 0 || id >= sensors.size()) {
            throw new IllegalArgumentException(
                    "Store " + name + " has sensors 0.." + (sensors.size() - 1) + ", not " + id);
        }
        return sensors.get(id);
    }

    private static String requireValidName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A store name must not be blank");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("A store name must not start or end with spaces: '" + name + "'");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "A store name must be at most " + MAX_NAME_LENGTH + " characters, not " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A store name must not hold control characters: '" + name + "'");
        }
        Optional<String> formula = formulaProblem(name);
        if (formula.isPresent()) {
            throw new IllegalArgumentException(formula.get());
        }
        return name;
    }

    /**
     * Says whether a spreadsheet would run a store name as a formula: when it starts with {@code =},
     * {@code +}, {@code -} or {@code @}. Such a name is refused where it enters (a store, a CSV or
     * parquet ingest, a server's store list), never rewritten on the way out: every CSV this library
     * writes is then safe to open in a spreadsheet, and a file meant for re-ingest is never altered.
     *
     * @param name a store name
     * @return the reason it is refused, or empty when no spreadsheet would take it for a formula
     */
    public static Optional<String> formulaProblem(String name) {
        if (!name.isEmpty() && "=+-@".indexOf(name.charAt(0)) >= 0) {
            return Optional.of("A store name must not start with '" + name.charAt(0)
                    + "', which spreadsheets run as a formula: '" + name + "'");
        }
        return Optional.empty();
    }

    private static void requireNonNegative(double value, String what, String store) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "Store " + store + ": " + what + " must be a finite number, 0 or more, not " + value);
        }
    }

    private static void requireProbability(double value, String what, String store) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Store " + store + ": " + what + " must lie in [0, 1], not " + value);
        }
    }

    /**
     * Builds a {@link Store}; validation happens in {@link #build()}.
     *
     * <p>Not thread-safe; the store it builds is.
     */
    public static final class Builder {
        private final String name;
        private ZoneId zone = ZoneId.of("UTC");
        private LocalDateTime opened = LocalDateTime.of(2024, 1, 1, 0, 0);
        private List<Sensor> sensors;
        private int sensorCount = 1;
        private double meanVisits = DEFAULT_MEAN_VISITS;
        private double stdVisits = DEFAULT_STD_VISITS;
        private double failureProbability = DEFAULT_FAILURE_PROBABILITY;
        private double anomalyProbability = DEFAULT_ANOMALY_PROBABILITY;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param zone the store's time zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        /**
         * @param opened the opening hour; sensors built by {@link #sensors(int)} are installed then
         * @return this builder
         */
        public Builder opened(LocalDateTime opened) {
            this.opened = opened;
            return this;
        }

        /**
         * @param count the number of sensors, each installed when the store opened
         * @return this builder
         */
        public Builder sensors(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("Store " + name + " needs at least one sensor, not " + count);
            }
            this.sensorCount = count;
            this.sensors = null;
            return this;
        }

        /**
         * @param sensors the sensors, with ids 0, 1, 2…
         * @return this builder
         */
        public Builder sensors(List<Sensor> sensors) {
            this.sensors = new ArrayList<>(sensors);
            return this;
        }

        /**
         * @param meanVisits the mean count per door and open hour
         * @return this builder
         */
        public Builder meanVisits(double meanVisits) {
            this.meanVisits = meanVisits;
            return this;
        }

        /**
         * @param stdVisits the standard deviation per door and open hour
         * @return this builder
         */
        public Builder stdVisits(double stdVisits) {
            this.stdVisits = stdVisits;
            return this;
        }

        /**
         * @param failureProbability the probability that a sensor fails in an hour
         * @return this builder
         */
        public Builder failureProbability(double failureProbability) {
            this.failureProbability = failureProbability;
            return this;
        }

        /**
         * @param anomalyProbability the probability that an hour is hit by an anomaly
         * @return this builder
         */
        public Builder anomalyProbability(double anomalyProbability) {
            this.anomalyProbability = anomalyProbability;
            return this;
        }

        /** @return the validated store */
        public Store build() {
            List<Sensor> list = sensors != null
                    ? sensors
                    : IntStream.range(0, sensorCount)
                            .mapToObj(id -> new Sensor(id, opened))
                            .toList();
            return new Store(name, zone, opened, list, meanVisits, stdVisits, failureProbability, anomalyProbability);
        }
    }
}
