package org.sensorsandmore.core.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Sensor;
import org.sensorsandmore.core.Store;

/**
 * The default traffic model: realistic footfall from a counter-based generator, fast enough to
 * generate a hundred million readings a second on one thread.
 *
 * <pre>{@code
 * TrafficModel model = new FootfallModel(42);
 * Store paris = StoreNetwork.original().store("Paris");
 * model.reading(paris, 3, LocalDateTime.of(2024, 7, 6, 13, 0));   // a busy Saturday lunchtime
 * new FootfallModel(FootfallSettings.builder().seed(42).closedDays(Set.of()).build());
 * }</pre>
 *
 * <h2>What a reading is</h2>
 *
 * <p>For store {@code s}, door {@code k} and a store-local hour {@code t}:
 *
 * <ol>
 *   <li>Before {@link Store#opened()} (strictly): {@code NOT_OPEN}. The opening hour itself counts.
 *   <li>Closed hours (outside the opening hours, on closed weekdays and on the public holidays of
 *       the store's {@link HolidayCalendar}): {@code OK} with 0 visits, never failed, no anomaly.
 *   <li>During an outage of the sensor: {@code FAILED}.
 *   <li>Otherwise {@code OK} with {@code visits = round(max(0, μ · (1 + cv · z) · a))}, where
 *       {@code μ = }{@link #expectedVisits}, {@code cv = stdVisits / meanVisits} of the store,
 *       {@code z} a standard normal variate (bounded by about ±3.9) and {@code a} 1 or, with
 *       probability {@link Store#anomalyProbability()}, an anomaly factor (a drop below 1 or a spike
 *       above 1), in which case the reading's {@code anomaly} flag is set. So the noise around the
 *       expectation has standard deviation {@code stdVisits · μ / meanVisits}: exactly {@code
 *       stdVisits} at an hour whose expectation is {@code meanVisits}.
 * </ol>
 *
 * <p>The expectation is the product {@code μ = meanVisits · scale · hour(t) · weekday(t) · season(t)
 * · trend(s, t) · door(s, k)}, where {@code scale} is the settings' {@code visitsScale}: 1/40 by
 * default, so that the original network's sizes become real doors' counts (25 to 275 entries per
 * door and open hour instead of 1,000 to 11,000; the noise scales with them):
 *
 * <ul>
 *   <li>{@code hour}: 1 plus a midday and a late-afternoon bell curve, over the opening hours,
 *       normalised to a mean of 1 over those hours (evaluated at the middle of each hour);
 *   <li>{@code weekday}: the weekday factors normalised to a mean of 1 over the open weekdays;
 *   <li>{@code season}: the monthly factors, placed at mid-month and joined by a periodic
 *       Catmull-Rom spline (smooth, no jump at month ends), normalised to a mean of 1 over a year;
 *   <li>{@code trend}: {@code (1 + g)^years}, compounding forwards and backwards from the settings'
 *       {@code trendReference} (2024-07-01 by default), where the yearly growth rate {@code g} is
 *       drawn per store, uniformly between the settings' minimum and maximum ({@link
 *       #annualGrowth}); so {@code meanVisits} is the store's level at the reference date, and the
 *       original network keeps its means over 2024, the year its sizes were set for;
 *   <li>{@code door}: a per-door weight {@code exp(doorWeightSpread · z)}, divided by the mean over
 *       the store's doors, so some doors are busier and the mean over doors stays 1.
 * </ul>
 *
 * <p>Averaged over the open hours of a year, {@code μ} is thus {@code meanVisits · scale} times the
 * trend.
 *
 * <p><b>Outages.</b> Time is cut, per sensor, in blocks of {@code outageBlockHours}. Each block
 * holds at most one outage, of a random start within the block and a length uniform in {@code 1 ..
 * 2 · meanOutageHours - 1}, which may spill into the next block. The probability that a block has
 * one is tuned so that the share of failed hours is about {@code f = failureProbability · (1 +
 * ageingPerYear · age)}, with the sensor's age (since {@link Sensor#installed()}, 0 before it) at
 * the start of the block; where {@code f} needs more than one outage per block, outages get longer
 * instead, and from {@code f >= 1} on the sensor never reports. Failures therefore come in runs of
 * several hours and grow more frequent as a sensor ages.
 *
 * <p><b>Randomness.</b> Every random number is SplitMix64 of a key and a counter, where the key
 * mixes (seed, FNV-1a 64 hash of the store name's UTF-8 bytes, stream, sensor id) and the counter is
 * the epoch hour (or the outage block): values of different sensors, hours or days are unrelated,
 * not shifted copies as in the original system; any hour is computed on its own; the same inputs give
 * the same reading on any machine, thread and call order. One 64-bit number per reading gives the
 * normal variate (its top 32 bits, through a tabulated inverse CDF), the anomaly decision (24 more
 * bits) and the anomaly's kind and size (the last 8). Transcendental functions use {@link
 * StrictMath}, so results do not depend on the JIT or the CPU.
 *
 * <p><b>Speed.</b> {@link #fill} computes the factors of each day and the expectation of each hour
 * once, closed and not-open hours without any random number, then one hash, one table lookup and a
 * few multiplications per reading; outages are resolved per (sensor, block) and applied afterwards.
 * {@link #reading} shares that code and gives the same values. Per-store constants (door weights,
 * keys, growth) and recent day factors are cached per store instance; the cache changes only the
 * speed, never a value. Bulk speed is highest for stores of several doors: a store's fixed cost per
 * call (its day factors, its outage blocks) is shared by its doors.
 *
 * <h2>Settings</h2>
 *
 * <table>
 *   <caption>Settings of {@link FootfallSettings} and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code seed}</td><td>0</td><td>every random number derives from it</td></tr>
 *   <tr><td>{@code openingHours}</td><td>8, 18</td><td>open hours {@code [8:00, 18:00)}</td></tr>
 *   <tr><td>{@code closedDays}</td><td>Sunday</td><td>weekdays always closed</td></tr>
 *   <tr><td>{@code holidays}</td><td>{@link HolidayCalendar#forZone}</td><td>closed days from the
 *       store's zone</td></tr>
 *   <tr><td>{@code weekdayFactors}</td><td>Mon 0.85, Tue 0.8, Wed 0.9, Thu 0.95, Fri 1.1, Sat 1.5,
 *       Sun 0.8</td><td>relative traffic per weekday</td></tr>
 *   <tr><td>{@code monthlyFactors}</td><td>Jan 0.85, Feb 0.88, Mar 0.96, Apr 1, May 1, Jun 0.97,
 *       Jul 0.93, Aug 0.85, Sep 0.97, Oct 1, Nov 1.09, Dec 1.3</td><td>relative traffic at
 *       mid-month</td></tr>
 *   <tr><td>{@code middayPeak}</td><td>13.0 h, +0.6</td><td>time and height of the midday
 *       peak</td></tr>
 *   <tr><td>{@code afternoonPeak}</td><td>17.0 h, +0.5</td><td>time and height of the
 *       late-afternoon peak</td></tr>
 *   <tr><td>{@code peakWidthHours}</td><td>1.5</td><td>width of both peaks</td></tr>
 *   <tr><td>{@code annualGrowth}</td><td>-0.02, 0.04</td><td>range of a store's yearly growth
 *       rate</td></tr>
 *   <tr><td>{@code doorWeightSpread}</td><td>0.4</td><td>standard deviation of the log of a
 *       door's weight</td></tr>
 *   <tr><td>{@code visitsScale}</td><td>1/40</td><td>multiplies the stores' {@code meanVisits} and
 *       {@code stdVisits}: real doors' counts from the original's sizes</td></tr>
 *   <tr><td>{@code ageingPerYear}</td><td>0.1</td><td>failure probability growth per year of sensor
 *       age</td></tr>
 *   <tr><td>{@code outages}</td><td>72 h, 6 h</td><td>outage block length and mean outage
 *       length</td></tr>
 *   <tr><td>{@code spikeShare}</td><td>0.5</td><td>share of anomalies that are spikes</td></tr>
 *   <tr><td>{@code dropFactors}</td><td>0.05, 0.5</td><td>range of a drop's factor</td></tr>
 *   <tr><td>{@code spikeFactors}</td><td>2, 4</td><td>range of a spike's factor</td></tr>
 * </table>
 *
 * <p>The store supplies the rest: {@code meanVisits} and {@code stdVisits} per door and open hour,
 * the base {@code failureProbability} of a new sensor and the {@code anomalyProbability} per
 * reading.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class FootfallModel implements TrafficModel {
    private static final double DAYS_PER_YEAR = 365.2425;
    private static final double YEARS_PER_HOUR = 1 / (DAYS_PER_YEAR * 24);

    /**
     * The most stores whose constants are cached; past it the cache starts over, so a caller that
     * makes new {@code Store} values all the time does not fill the heap.
     */
    private static final int MAX_CACHED_STORES = 4096;

    // Streams: independent families of random numbers, so e.g. the door weights do not move when the
    // outage rules change.
    private static final long STREAM_VISITS = 1;
    private static final long STREAM_OUTAGES = 2;
    private static final long STREAM_DOORS = 3;
    private static final long STREAM_GROWTH = 4;

    /** Bits of the reading hash that decide an anomaly (bits 8..31). */
    private static final int ANOMALY_BITS = 24;

    private static final int ANOMALY_LEVELS = 256;

    /** Days per cached block of day factors (a power of two). */
    private static final int DAYS_PER_BLOCK = 16;

    /** Cached blocks of day factors per store (a power of two). */
    private static final int DAY_BLOCK_SLOTS = 4;

    // What fill does with an hour.
    private static final byte OPEN = 0;
    private static final byte CLOSED = 1;
    private static final byte NOT_OPEN = 2;

    private final FootfallSettings settings;
    private final long seedKey;

    /** The normalised intraday profile; 0 outside the opening hours. */
    private final double[] hourFactors = new double[24];

    private final boolean[] openHour = new boolean[24];

    /** The normalised weekday factors, Monday first; -1 for closed days. */
    private final double[] weekdayLevels = new double[7];

    private final long trendReferenceDay;

    private final double[] monthlyFactors = new double[12];
    private final double seasonNormaliser;

    /** Anomaly factors indexed by the hash's low 8 bits: spikes first, then drops. */
    private final double[] anomalyFactors = new double[ANOMALY_LEVELS];

    private final int outageBlockHours;
    private final int meanOutageHours;
    private final double ageingPerYear;

    /** outageBlockHours / meanOutageHours: start probability per unit of failed share. */
    private final double blocksPerOutageHour;

    private final ConcurrentHashMap<StoreKey, StorePlan> plans = new ConcurrentHashMap<>();

    /** A model with the default settings and seed 0. */
    public FootfallModel() {
        this(FootfallSettings.defaults());
    }

    /**
     * @param seed the seed
     */
    public FootfallModel(long seed) {
        this(FootfallSettings.defaults().withSeed(seed));
    }

    /**
     * @param settings the settings, seed included
     */
    public FootfallModel(FootfallSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seedKey = Mix.combine(Mix.mix(settings.seed()), 0x5ee0_f007_fa11L);
        this.outageBlockHours = settings.outageBlockHours();
        this.meanOutageHours = settings.meanOutageHours();
        this.ageingPerYear = settings.ageingPerYear();
        this.blocksPerOutageHour = (double) outageBlockHours / meanOutageHours;
        this.trendReferenceDay = settings.trendReference().toEpochDay();

        double profileSum = 0;
        double width = settings.peakWidthHours();
        for (int h = settings.openingHour(); h < settings.closingHour(); h++) {
            double mid = h + 0.5;
            double midday = (mid - settings.middayPeakTime()) / width;
            double afternoon = (mid - settings.afternoonPeakTime()) / width;
            hourFactors[h] = 1
                    + settings.middayPeakBoost() * StrictMath.exp(-midday * midday / 2)
                    + settings.afternoonPeakBoost() * StrictMath.exp(-afternoon * afternoon / 2);
            openHour[h] = true;
            profileSum += hourFactors[h];
        }
        double profileMean = profileSum / (settings.closingHour() - settings.openingHour());
        for (int h = 0; h < 24; h++) {
            hourFactors[h] /= profileMean;
        }

        double weekdaySum = 0;
        int openDays = 0;
        for (DayOfWeek day : DayOfWeek.values()) {
            if (!settings.closedDays().contains(day)) {
                weekdaySum += settings.weekdayFactor(day);
                openDays++;
            }
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            weekdayLevels[day.getValue() - 1] =
                    settings.closedDays().contains(day) ? -1 : settings.weekdayFactor(day) * openDays / weekdaySum;
        }

        for (Month month : Month.values()) {
            monthlyFactors[month.getValue() - 1] = settings.monthlyFactor(month);
        }
        // Normalise over a common (non-leap) year; in a leap year the mean is off by far less than 0.1 %.
        double seasonSum = 0;
        LocalDate day = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < 365; i++) {
            seasonSum += rawSeason(day.plusDays(i));
        }
        seasonNormaliser = seasonSum / 365;

        // Spread levels evenly over each range (cell midpoints), so the factors are uniform.
        int spikes = (int) Math.round(settings.spikeShare() * ANOMALY_LEVELS);
        for (int i = 0; i < ANOMALY_LEVELS; i++) {
            if (i < spikes) {
                anomalyFactors[i] = settings.minSpikeFactor()
                        + (settings.maxSpikeFactor() - settings.minSpikeFactor()) * (i + 0.5) / spikes;
            } else {
                int drops = ANOMALY_LEVELS - spikes;
                anomalyFactors[i] = settings.minDropFactor()
                        + (settings.maxDropFactor() - settings.minDropFactor()) * (i - spikes + 0.5) / drops;
            }
        }
    }

    /** @return the settings */
    public FootfallSettings settings() {
        return settings;
    }

    /**
     * The yearly growth rate this model drew for a store (from its name and the seed): its
     * expectation is multiplied by {@code (1 + rate)} each year after its opening.
     *
     * @param store a store
     * @return its rate, between the settings' minimum and maximum annual growth
     */
    public double annualGrowth(Store store) {
        return plan(store).growth;
    }

    /**
     * The expected count of a sensor in an hour, before noise and anomalies (and regardless of
     * outages): the {@code μ} of the class description.
     *
     * @param store the store
     * @param sensorId a sensor of the store
     * @param hour a whole store-local hour
     * @return the expectation; 0 before the store opened and in closed hours
     * @throws IllegalArgumentException when the store has no such sensor or the hour is not whole
     */
    public double expectedVisits(Store store, int sensorId, LocalDateTime hour) {
        StorePlan plan = checkedPlan(store, sensorId, hour);
        long epochHour = Hours.toEpochHour(hour);
        if (epochHour < plan.openedHour) {
            return 0;
        }
        long day = Math.floorDiv(epochHour, 24);
        int hourOfDay = (int) (epochHour - day * 24);
        double level = dayLevel(plan, day);
        if (level < 0 || !openHour[hourOfDay]) {
            return 0;
        }
        return hourBase(plan, level, hourOfDay) * plan.weights[sensorId];
    }

    /** The plan of a store, once the arguments of a single reading's methods are checked. */
    private StorePlan checkedPlan(Store store, int sensorId, LocalDateTime hour) {
        store.sensor(sensorId);
        Hours.requireWholeHour(hour, "hour");
        return plan(store);
    }

    @Override
    public Reading reading(Store store, int sensorId, LocalDateTime hour) {
        StorePlan plan = checkedPlan(store, sensorId, hour);
        long epochHour = Hours.toEpochHour(hour);
        if (epochHour < plan.openedHour) {
            return new Reading(store.name(), sensorId, hour, ReadingStatus.NOT_OPEN, 0, false);
        }
        long day = Math.floorDiv(epochHour, 24);
        int hourOfDay = (int) (epochHour - day * 24);
        double level = dayLevel(plan, day);
        if (level < 0 || !openHour[hourOfDay]) {
            return Reading.ok(store.name(), sensorId, hour, 0);
        }
        if (isFailed(plan, sensorId, epochHour)) {
            return Reading.failed(store.name(), sensorId, hour);
        }
        double mu = hourBase(plan, level, hourOfDay) * plan.weights[sensorId];
        long bits = Mix.at(plan.visitKeys[sensorId], epochHour);
        return new Reading(
                store.name(),
                sensorId,
                hour,
                ReadingStatus.OK,
                visits(mu, bits, plan.cv, plan.anomalyThreshold),
                isAnomaly(bits, plan.anomalyThreshold));
    }

    @Override
    public void fill(Store store, int firstEpochHour, int hours, ReadingBatch batch, int offset, int stride) {
        if (hours <= 0) {
            return;
        }
        StorePlan plan = plan(store);
        int sensors = store.sensorCount();
        // Per hour: its expectation before the door weight, or a marker for closed / not open.
        double[] base = new double[hours];
        byte[] kind = new byte[hours];
        long currentDay = Long.MIN_VALUE;
        double level = -1;
        for (int i = 0; i < hours; i++) {
            long epochHour = (long) firstEpochHour + i;
            if (epochHour < plan.openedHour) {
                kind[i] = NOT_OPEN;
                continue;
            }
            long day = Math.floorDiv(epochHour, 24);
            if (day != currentDay) {
                currentDay = day;
                level = dayLevel(plan, day);
            }
            int hourOfDay = (int) (epochHour - day * 24);
            if (level < 0 || !openHour[hourOfDay]) {
                kind[i] = CLOSED;
            } else {
                kind[i] = OPEN;
                base[i] = hourBase(plan, level, hourOfDay);
            }
        }

        double[] weights = plan.weights;
        long[] keys = plan.visitKeys;
        double cv = plan.cv;
        long threshold = plan.anomalyThreshold;
        for (int i = 0; i < hours; i++) {
            int row = offset + i * stride;
            switch (kind[i]) {
                case OPEN -> {
                    double hourBase = base[i];
                    long counter = ((long) firstEpochHour + i) * Mix.GOLDEN_GAMMA;
                    for (int k = 0; k < sensors; k++) {
                        long bits = Mix.mix(keys[k] + counter); // == Mix.at(keys[k], epochHour)
                        batch.setOk(
                                row + k,
                                visits(hourBase * weights[k], bits, cv, threshold),
                                isAnomaly(bits, threshold));
                    }
                }
                case CLOSED -> {
                    for (int k = 0; k < sensors; k++) {
                        batch.setOk(row + k, 0, false);
                    }
                }
                default -> {
                    for (int k = 0; k < sensors; k++) {
                        batch.setNotOpen(row + k);
                    }
                }
            }
        }

        if (plan.failureProbability > 0) {
            applyOutages(plan, firstEpochHour, hours, kind, batch, offset, stride);
        }
    }

    /** Marks the open hours that fall in an outage as failed: per (sensor, block), not per hour. */
    private void applyOutages(
            StorePlan plan, int firstEpochHour, int hours, byte[] kind, ReadingBatch batch, int offset, int stride) {
        long first = firstEpochHour;
        long end = first + hours;
        // An outage starts in its block and may spill into the next one: start one block early.
        long firstBlock = Math.floorDiv(first, outageBlockHours) - 1;
        long lastBlock = Math.floorDiv(end - 1, outageBlockHours);
        for (int k = 0; k < plan.weights.length; k++) {
            for (long block = firstBlock; block <= lastBlock; block++) {
                long outage = outage(plan, k, block);
                int length = outageLength(outage);
                if (length == 0) {
                    continue;
                }
                long from = Math.max(first, outageStart(outage));
                long to = Math.min(end, outageStart(outage) + length);
                for (long hour = from; hour < to; hour++) {
                    int i = (int) (hour - first);
                    if (kind[i] == OPEN) {
                        batch.setFailed(offset + i * stride + k, false);
                    }
                }
            }
        }
    }

    private boolean isFailed(StorePlan plan, int sensorId, long epochHour) {
        if (!(plan.failureProbability > 0)) {
            return false;
        }
        long block = Math.floorDiv(epochHour, outageBlockHours);
        return covers(outage(plan, sensorId, block), epochHour) || covers(outage(plan, sensorId, block - 1), epochHour);
    }

    private static boolean covers(long outage, long epochHour) {
        long start = outageStart(outage);
        return epochHour >= start && epochHour < start + outageLength(outage);
    }

    /**
     * The outage of a sensor in a block, packed as (start hour in the high 32 bits, length in the low
     * 32); length 0 for none.
     */
    private long outage(StorePlan plan, int sensorId, long block) {
        long blockStart = block * outageBlockHours;
        double age = Math.max(0, (blockStart - plan.installedHours[sensorId]) * YEARS_PER_HOUR);
        double share = plan.failureProbability * (1 + ageingPerYear * age);
        if (share >= 1) {
            return packOutage(blockStart, outageBlockHours);
        }
        // Expected failed share = P(outage in a block) * mean length / block length.
        double startProbability = share * blocksPerOutageHour;
        double stretch = 1;
        if (startProbability > 1) {
            stretch = startProbability;
            startProbability = 1;
        }
        long bits = Mix.at(plan.outageKeys[sensorId], block);
        if ((bits >>> 40) >= (long) (startProbability * (1 << 24))) {
            return 0;
        }
        int start = (int) ((((bits >>> 16) & 0xffff) * outageBlockHours) >>> 16);
        int length = 1 + (int) (((bits & 0xffff) * (2L * meanOutageHours - 1)) >>> 16);
        if (stretch > 1) {
            length = (int) Math.min(2L * outageBlockHours - start, Math.round(length * stretch));
        }
        return packOutage(blockStart + start, length);
    }

    private static long packOutage(long start, int length) {
        return (start << 32) | (length & 0xffffffffL);
    }

    private static long outageStart(long outage) {
        return outage >> 32;
    }

    private static int outageLength(long outage) {
        return (int) outage;
    }

    /** The count of an OK reading: shared by {@link #reading} and {@link #fill}, so they agree. */
    private int visits(double mu, long bits, double cv, long anomalyThreshold) {
        double value = mu * (1 + cv * NormalTable.z(bits));
        if (isAnomaly(bits, anomalyThreshold)) {
            value *= anomalyFactors[(int) (bits & (ANOMALY_LEVELS - 1))];
        }
        // Rounding half up; a negative value (a deep negative z at a large cv) is no one.
        return value > 0 ? (int) (value + 0.5) : 0;
    }

    private static boolean isAnomaly(long bits, long anomalyThreshold) {
        return ((bits >>> 8) & ((1L << ANOMALY_BITS) - 1)) < anomalyThreshold;
    }

    /** The expectation of an hour before the door weight: shared by every path, so they agree. */
    private double hourBase(StorePlan plan, double dayLevel, int hourOfDay) {
        return plan.meanVisits * dayLevel * hourFactors[hourOfDay];
    }

    /**
     * The factor of a day, from the store's cache of recent day blocks: computing it (a date, a
     * holiday rule, a power) costs more than a hundred readings, and a bulk call covers a day or two
     * per store. The cached value is the one {@link #computeDayLevel} gives, so cache hits and misses
     * give the same readings.
     */
    private double dayLevel(StorePlan plan, long epochDay) {
        long block = Math.floorDiv(epochDay, DAYS_PER_BLOCK);
        int slot = (int) (block & (DAY_BLOCK_SLOTS - 1));
        DayBlock days = plan.dayBlocks[slot];
        if (days == null || days.block != block) {
            double[] levels = new double[DAYS_PER_BLOCK];
            for (int i = 0; i < DAYS_PER_BLOCK; i++) {
                levels[i] = computeDayLevel(plan, block * DAYS_PER_BLOCK + i);
            }
            days = new DayBlock(block, levels);
            // A racy write is safe: DayBlock's fields are final, so a reader sees it whole or not at all.
            plan.dayBlocks[slot] = days;
        }
        return days.levels[(int) (epochDay - block * DAYS_PER_BLOCK)];
    }

    /** The day factors of an aligned block of days; immutable once published. */
    private static final class DayBlock {
        final long block;
        final double[] levels;

        DayBlock(long block, double[] levels) {
            this.block = block;
            this.levels = levels;
        }
    }

    /** The factor of a day (weekday, season, trend), or -1 when the store is closed all day. */
    private double computeDayLevel(StorePlan plan, long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        double weekday = weekdayLevels[date.getDayOfWeek().getValue() - 1];
        if (weekday < 0 || plan.holidays.isHoliday(date)) {
            return -1;
        }
        // (1 + g)^years, as one exp: StrictMath.pow costs several times more.
        double trend = StrictMath.exp(plan.logGrowthPerDay * (epochDay - trendReferenceDay));
        return weekday * (rawSeason(date) / seasonNormaliser) * trend;
    }

    /** The monthly factors at mid-month, joined by a periodic Catmull-Rom spline. */
    private double rawSeason(LocalDate date) {
        // t = 0 at mid-January, 1 at mid-February… 11 at mid-December.
        double t = date.getMonthValue() - 1 + (date.getDayOfMonth() - 0.5) / date.lengthOfMonth() - 0.5;
        int i = (int) Math.floor(t);
        double f = t - i;
        double p0 = monthlyFactors[Math.floorMod(i - 1, 12)];
        double p1 = monthlyFactors[Math.floorMod(i, 12)];
        double p2 = monthlyFactors[Math.floorMod(i + 1, 12)];
        double p3 = monthlyFactors[Math.floorMod(i + 2, 12)];
        double value = 0.5
                * (2 * p1
                        + (p2 - p0) * f
                        + (2 * p0 - 5 * p1 + 4 * p2 - p3) * f * f
                        + (3 * p1 - p0 - 3 * p2 + p3) * f * f * f);
        return Math.max(0, value);
    }

    /**
     * The per-store constants, from a cache keyed by the store's identity (cheaper than a record's
     * hash over all its sensors). The cache only saves time: a plan is a pure function of the store
     * and the settings, so a racing thread that computes it again gets the same plan.
     */
    private StorePlan plan(Store store) {
        StoreKey key = new StoreKey(store);
        StorePlan plan = plans.get(key);
        if (plan == null) {
            if (plans.size() >= MAX_CACHED_STORES) {
                plans.clear();
            }
            plan = new StorePlan(store);
            plans.putIfAbsent(key, plan);
        }
        return plan;
    }

    /** A store compared by identity. */
    private static final class StoreKey {
        private final Store store;

        StoreKey(Store store) {
            this.store = store;
        }

        @Override
        @SuppressWarnings("ReferenceEquality") // identity on purpose: see plan()
        public boolean equals(Object o) {
            return o instanceof StoreKey other && other.store == store;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(store);
        }
    }

    /** What the model derives once per store: keys, door weights, growth, levels. */
    private final class StorePlan {
        final HolidayCalendar holidays;
        final long openedHour;
        final double meanVisits;
        final double cv;
        final double failureProbability;
        final long anomalyThreshold;
        final double growth;
        final double logGrowthPerDay;
        final double[] weights;
        final long[] visitKeys;
        final long[] outageKeys;
        final long[] installedHours;
        final DayBlock[] dayBlocks = new DayBlock[DAY_BLOCK_SLOTS];

        StorePlan(Store store) {
            this.holidays = Objects.requireNonNull(
                    settings.holidays().apply(store.zone()), () -> "holiday calendar of zone " + store.zone());
            this.openedHour = Hours.toEpochHour(store.opened());
            this.meanVisits = store.meanVisits() * settings.visitsScale();
            this.cv = store.meanVisits() > 0 ? store.stdVisits() / store.meanVisits() : 0;
            this.failureProbability = store.failureProbability();
            this.anomalyThreshold = Math.round(store.anomalyProbability() * (1 << ANOMALY_BITS));
            long storeKey = Mix.combine(seedKey, Mix.fnv1a64(store.name()));
            this.growth = settings.minAnnualGrowth()
                    + (settings.maxAnnualGrowth() - settings.minAnnualGrowth())
                            * Mix.uniform(Mix.combine(storeKey, STREAM_GROWTH));
            this.logGrowthPerDay = StrictMath.log1p(growth) / DAYS_PER_YEAR;
            int sensors = store.sensorCount();
            long visitStream = Mix.combine(storeKey, STREAM_VISITS);
            long outageStream = Mix.combine(storeKey, STREAM_OUTAGES);
            long doorStream = Mix.combine(storeKey, STREAM_DOORS);
            visitKeys = new long[sensors];
            outageKeys = new long[sensors];
            installedHours = new long[sensors];
            weights = new double[sensors];
            double weightSum = 0;
            for (int k = 0; k < sensors; k++) {
                visitKeys[k] = Mix.combine(visitStream, k);
                outageKeys[k] = Mix.combine(outageStream, k);
                // In long arithmetic: an installation date is not range-checked like a reading's hour.
                LocalDateTime installed = store.sensor(k).installed();
                installedHours[k] = installed.toLocalDate().toEpochDay() * 24 + installed.getHour();
                weights[k] = StrictMath.exp(settings.doorWeightSpread() * NormalTable.z(Mix.at(doorStream, k)));
                weightSum += weights[k];
            }
            for (int k = 0; k < sensors; k++) {
                weights[k] = weights[k] * sensors / weightSum;
            }
        }
    }

    @Override
    public String toString() {
        return "FootfallModel{" + settings + "}";
    }
}
