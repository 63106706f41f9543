package org.sensorsandmore.core.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Sensor;
import org.sensorsandmore.core.Store;

/**
 * The original Python sensor, reproduced bit for bit: the same counts, failures and closed hours
 * as the original system for every sensor and hour.
 *
 * <p>For sensor {@code id} of a store at hour {@code h} of day {@code d}, the original seeds numpy's
 * legacy MT19937 with {@code ordinal(installed date) + ordinal(d) + h + id}, where {@code ordinal}
 * is Python's {@code date.toordinal()}, then:
 *
 * <ol>
 *   <li>the hour is {@link ReadingStatus#NOT_OPEN} when it is at or before the store's
 *       {@linkplain Store#opened() opening} (the opening hour itself included, as the original API
 *       answered);
 *   <li>{@code u = random()}; the sensor {@linkplain ReadingStatus#FAILED failed} when
 *       {@code u <= failureProbability}, at any hour, Sundays and nights included;
 *   <li>on Sundays and outside 08:00–18:00 the store is closed: {@code OK} with 0 visits;
 *   <li>otherwise {@code v = meanVisits + stdVisits * g}, with {@code g} the second of two
 *       {@code standard_normal()} draws; {@code w = random()}, and when {@code w < anomalyProbability}
 *       the hour is an anomaly and {@code v = v * 0.1};
 *   <li>the visits are {@code v} truncated toward zero.
 * </ol>
 *
 * <pre>{@code
 * TrafficModel classic = new ClassicModel();
 * Store paris = StoreNetwork.original().store("Paris");
 * classic.reading(paris, 12, LocalDateTime.of(2022, 7, 30, 12, 0)).visits();   // 5714
 * }</pre>
 *
 * <p>The model keeps the original's flaws, which is its point: neighbouring sensors, hours and days
 * give shifted copies of one another, because their seeds are consecutive integers. Use it to
 * compare with the original's data, not as a realistic simulation.
 *
 * <p>Departures, none of which shows in practice:
 *
 * <ul>
 *   <li>a value below zero (some seven standard deviations below the mean) counts as 0 visits,
 *       where the original returned a negative number;
 *   <li>a seed outside {@code [0, 2^32 - 1]} (an installation date before year 1) is rejected with
 *       an {@link IllegalArgumentException}, as numpy rejects it;
 *   <li>numpy takes its logarithm from the platform's C library, whose last bit varies between
 *       platforms; this model uses {@link StrictMath#log}, so that it gives the same readings on
 *       every JVM. A gaussian may then differ from numpy's by a few ulps (for 3% of seeds against
 *       glibc 2.36), far too little to move a count: none of 10 million counts compared differed,
 *       nor any row of the original's dataset.
 * </ul>
 *
 * <p>Speed: all the random draws of a reading depend on its seed only, and readings share seeds,
 * so the draws are computed once per seed in a table all instances share (bounded at about 24 MB)
 * and {@link #fill} reads them in bulk.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class ClassicModel implements TrafficModel {
    /** Python's {@code date.toordinal()} of 1970-01-01, the day {@link LocalDate#toEpochDay()} counts from. */
    static final long ORDINAL_OF_EPOCH_DAY_ZERO = 719_163;

    /** The first hour of the day the original counts visits in. */
    private static final int FIRST_OPEN_HOUR = 8;

    /** The hour the original stops counting: visits are counted while {@code hour < CLOSING_HOUR}. */
    private static final int CLOSING_HOUR = 18;

    /** The factor the original applies to an anomalous count. */
    private static final double ANOMALY_FACTOR = 0.1;

    private final ClassicDraws draws;

    /** Creates the model; every instance shares one table of draws. */
    public ClassicModel() {
        this(ClassicDraws.shared());
    }

    /** For tests that need a table of their own. */
    ClassicModel(ClassicDraws draws) {
        this.draws = Objects.requireNonNull(draws, "draws");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The anomaly flag is true only for an open hour the original multiplied by 0.1; a failed or
     * closed hour never draws one.
     *
     * @throws IllegalArgumentException also when the sensor's installation date is before year 1
     */
    @Override
    public Reading reading(Store store, int sensorId, LocalDateTime hour) {
        Objects.requireNonNull(store, "store");
        Sensor sensor = store.sensor(sensorId);
        Hours.requireWholeHour(hour, "hour");
        if (!hour.isAfter(store.opened())) {
            return new Reading(store.name(), sensorId, hour, ReadingStatus.NOT_OPEN, 0, false);
        }
        long seed = seed(ordinal(sensor.installed().toLocalDate()) + sensorId, hour.toLocalDate(), hour.getHour());
        ClassicDraws.Block block = draws.block(seed);
        int j = (int) (seed - block.firstSeed);
        if (block.failure[j] <= store.failureProbability()) {
            return Reading.failed(store.name(), sensorId, hour);
        }
        if (isClosed(hour.getDayOfWeek() == DayOfWeek.SUNDAY, hour.getHour())) {
            return Reading.ok(store.name(), sensorId, hour, 0);
        }
        boolean anomaly = block.anomaly[j] < store.anomalyProbability();
        int visits = visits(store.meanVisits(), store.stdVisits(), block.gaussian[j], anomaly);
        return new Reading(store.name(), sensorId, hour, ReadingStatus.OK, visits, anomaly);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Gives the same values as {@link #reading}, reading the shared draws directly.
     */
    @Override
    public void fill(Store store, int firstEpochHour, int hours, ReadingBatch batch, int offset, int stride) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(batch, "batch");
        List<Sensor> sensors = store.sensors();
        int count = sensors.size();
        // The sensor's part of the seed: its installation ordinal plus its id.
        long[] sensorSeeds = new long[count];
        for (int k = 0; k < count; k++) {
            sensorSeeds[k] = ordinal(sensors.get(k).installed().toLocalDate()) + k;
        }
        long openedEpochHour = Hours.toEpochHour(store.opened());
        double mean = store.meanVisits();
        double std = store.stdVisits();
        double failureProbability = store.failureProbability();
        double anomalyProbability = store.anomalyProbability();
        ClassicDraws.Block block = null;
        for (int i = 0; i < hours; i++) {
            long epochHour = (long) firstEpochHour + i;
            int row = offset + i * stride;
            if (epochHour <= openedEpochHour) {
                for (int k = 0; k < count; k++) {
                    batch.setNotOpen(row + k);
                }
                continue;
            }
            long epochDay = Math.floorDiv(epochHour, 24);
            int hourOfDay = Math.floorMod(epochHour, 24);
            // 1970-01-01 was a Thursday: Monday is 0 and Sunday 6, as in Python's weekday().
            boolean closed = isClosed(Math.floorMod(epochDay + 3, 7) == 6, hourOfDay);
            long hourSeed = epochDay + ORDINAL_OF_EPOCH_DAY_ZERO + hourOfDay;
            for (int k = 0; k < count; k++) {
                long seed = checkedSeed(sensorSeeds[k] + hourSeed);
                // Sensors of a store have consecutive seeds, so the block nearly always stays the same.
                if (block == null || seed - block.firstSeed >= ClassicDraws.BLOCK_SIZE || seed < block.firstSeed) {
                    block = draws.block(seed);
                }
                int j = (int) (seed - block.firstSeed);
                if (block.failure[j] <= failureProbability) {
                    batch.setFailed(row + k, false);
                } else if (closed) {
                    batch.setOk(row + k, 0, false);
                } else {
                    boolean anomaly = block.anomaly[j] < anomalyProbability;
                    batch.setOk(row + k, visits(mean, std, block.gaussian[j], anomaly), anomaly);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ClassicModel";
    }

    private static long seed(long sensorSeed, LocalDate day, int hourOfDay) {
        return checkedSeed(sensorSeed + ordinal(day) + hourOfDay);
    }

    private static long checkedSeed(long seed) {
        if (seed < 0 || seed > Mt19937.MAX_SEED) {
            throw new IllegalArgumentException("The classic model's seed must lie in [0, " + Mt19937.MAX_SEED
                    + "] as numpy requires, not " + seed + ": is a sensor installed before year 1?");
        }
        return seed;
    }

    private static long ordinal(LocalDate day) {
        return day.toEpochDay() + ORDINAL_OF_EPOCH_DAY_ZERO;
    }

    private static boolean isClosed(boolean sunday, int hourOfDay) {
        return sunday || hourOfDay < FIRST_OPEN_HOUR || hourOfDay >= CLOSING_HOUR;
    }

    /**
     * The original's {@code int(v)} with {@code v = loc + scale * gauss} as numpy computes it.
     * Negative values, which the original returned as they were, count as 0 visits; values past
     * {@link Integer#MAX_VALUE} saturate.
     */
    private static int visits(double mean, double std, double gaussian, boolean anomaly) {
        double value = mean + std * gaussian;
        if (anomaly) {
            value = value * ANOMALY_FACTOR;
        }
        return value < 0 ? 0 : (int) value;
    }
}
