package org.sensorsandmore.core.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The parameters of a {@link FootfallModel}: every one has a named default ({@code DEFAULT_…}) and
 * a builder method. {@link FootfallModel} describes what each one does and lists them in a table.
 *
 * <pre>{@code
 * FootfallSettings settings = FootfallSettings.builder()
 *         .seed(42)
 *         .openingHours(9, 20)
 *         .closedDays(Set.of())                       // open every day
 *         .weekdayFactor(DayOfWeek.SUNDAY, 0.6)
 *         .holidays(zone -> HolidayCalendar.none())  // open on public holidays too
 *         .build();
 * FootfallSettings other = settings.toBuilder().seed(43).build();
 * }</pre>
 *
 * <p>Factors (weekday, month) are relative: the model normalises them, so only their ratios matter
 * and a store's average over open hours stays its {@code meanVisits}.
 *
 * <p>Validated when built, with messages that name the bad value. This class is immutable and
 * thread-safe (provided the holiday function is).
 */
public final class FootfallSettings {

    /** The default seed: 0. */
    public static final long DEFAULT_SEED = 0;

    /** The default first open hour of the day: 8 (08:00), as in the original system. */
    public static final int DEFAULT_OPENING_HOUR = 8;

    /** The default end of the open hours: 18 (the last open hour starts at 17:00), as in the original. */
    public static final int DEFAULT_CLOSING_HOUR = 18;

    /** The default time of day of the midday peak, in hours: 13.0 (13:00). */
    public static final double DEFAULT_MIDDAY_PEAK_TIME = 13.0;

    /** The default height of the midday peak over the base level of the day: 0.6 (+60 %). */
    public static final double DEFAULT_MIDDAY_PEAK_BOOST = 0.6;

    /** The default time of day of the late-afternoon peak, in hours: 17.0 (17:00). */
    public static final double DEFAULT_AFTERNOON_PEAK_TIME = 17.0;

    /** The default height of the late-afternoon peak: 0.5 (+50 %). */
    public static final double DEFAULT_AFTERNOON_PEAK_BOOST = 0.5;

    /** The default width (standard deviation of the bell curve) of both peaks, in hours: 1.5. */
    public static final double DEFAULT_PEAK_WIDTH_HOURS = 1.5;

    /**
     * The default relative traffic per weekday: Monday 0.85, Tuesday 0.8, Wednesday 0.9, Thursday
     * 0.95, Friday 1.1, Saturday 1.5, Sunday 0.8 (Sunday's counts only when Sunday is open).
     */
    public static final Map<DayOfWeek, Double> DEFAULT_WEEKDAY_FACTORS =
            Collections.unmodifiableMap(new EnumMap<>(Map.of(
                    DayOfWeek.MONDAY, 0.85,
                    DayOfWeek.TUESDAY, 0.8,
                    DayOfWeek.WEDNESDAY, 0.9,
                    DayOfWeek.THURSDAY, 0.95,
                    DayOfWeek.FRIDAY, 1.1,
                    DayOfWeek.SATURDAY, 1.5,
                    DayOfWeek.SUNDAY, 0.8)));

    /** The default days the stores are closed every week: Sunday, as in the original. */
    public static final Set<DayOfWeek> DEFAULT_CLOSED_DAYS = Collections.unmodifiableSet(EnumSet.of(DayOfWeek.SUNDAY));

    /**
     * The default relative traffic per month, at mid-month (the model interpolates smoothly between
     * them): a December peak, dips in January-February and in August.
     */
    public static final Map<Month, Double> DEFAULT_MONTHLY_FACTORS =
            Collections.unmodifiableMap(new EnumMap<>(Map.ofEntries(
                    Map.entry(Month.JANUARY, 0.85),
                    Map.entry(Month.FEBRUARY, 0.88),
                    Map.entry(Month.MARCH, 0.96),
                    Map.entry(Month.APRIL, 1.0),
                    Map.entry(Month.MAY, 1.0),
                    Map.entry(Month.JUNE, 0.97),
                    Map.entry(Month.JULY, 0.93),
                    Map.entry(Month.AUGUST, 0.85),
                    Map.entry(Month.SEPTEMBER, 0.97),
                    Map.entry(Month.OCTOBER, 1.0),
                    Map.entry(Month.NOVEMBER, 1.09),
                    Map.entry(Month.DECEMBER, 1.3))));

    /** The default holiday calendar of a store's zone: {@link HolidayCalendar#forZone}. */
    public static final Function<ZoneId, HolidayCalendar> DEFAULT_HOLIDAYS = HolidayCalendar::forZone;

    /** The default lowest yearly growth rate drawn for a store: -0.02 (-2 % a year). */
    public static final double DEFAULT_MIN_ANNUAL_GROWTH = -0.02;

    /** The default highest yearly growth rate drawn for a store: 0.04 (+4 % a year). */
    public static final double DEFAULT_MAX_ANNUAL_GROWTH = 0.04;

    /**
     * The default date at which a store's traffic equals its base level before the trend: 2024-07-01.
     * The original network's sizes were set for 2024, so its stores keep their means over that year.
     */
    public static final LocalDate DEFAULT_TREND_REFERENCE = LocalDate.of(2024, 7, 1);

    /** The default spread of door usage: the standard deviation of the log of a door's weight, 0.4. */
    public static final double DEFAULT_DOOR_WEIGHT_SPREAD = 0.4;

    /**
     * The default scale of a store's {@code meanVisits} and {@code stdVisits}: 1/40. The stores'
     * sizes are the original system's (1,000 visits per door and open hour for a store opened in
     * 2024, up to 11,000 for London), which no real door sees; scaled, they become those of real
     * doors: 25 to 275 entries per door and open hour, larger stores busier. The classic model keeps
     * the original's numbers.
     */
    public static final double DEFAULT_VISITS_SCALE = 1.0 / 40;

    /** The default growth of the failure probability per year of sensor age: 0.1 (+10 % of the base). */
    public static final double DEFAULT_AGEING_PER_YEAR = 0.1;

    /** The default length of the blocks that hold at most one outage each, in hours: 72. */
    public static final int DEFAULT_OUTAGE_BLOCK_HOURS = 72;

    /** The default mean length of an outage, in hours: 6 (lengths are uniform in 1..11). */
    public static final int DEFAULT_MEAN_OUTAGE_HOURS = 6;

    /** The default share of anomalies that are spikes (the others are drops): 0.5. */
    public static final double DEFAULT_SPIKE_SHARE = 0.5;

    /** The default smallest factor a drop multiplies the count by: 0.05. */
    public static final double DEFAULT_MIN_DROP_FACTOR = 0.05;

    /** The default largest factor a drop multiplies the count by: 0.5. */
    public static final double DEFAULT_MAX_DROP_FACTOR = 0.5;

    /** The default smallest factor a spike multiplies the count by: 2. */
    public static final double DEFAULT_MIN_SPIKE_FACTOR = 2.0;

    /** The default largest factor a spike multiplies the count by: 4. */
    public static final double DEFAULT_MAX_SPIKE_FACTOR = 4.0;

    private static final FootfallSettings DEFAULTS = builder().build();

    private final long seed;
    private final int openingHour;
    private final int closingHour;
    private final double middayPeakTime;
    private final double middayPeakBoost;
    private final double afternoonPeakTime;
    private final double afternoonPeakBoost;
    private final double peakWidthHours;
    private final double[] weekdayFactors;
    private final Set<DayOfWeek> closedDays;
    private final double[] monthlyFactors;
    private final Function<ZoneId, HolidayCalendar> holidays;
    private final double minAnnualGrowth;
    private final double maxAnnualGrowth;
    private final LocalDate trendReference;
    private final double doorWeightSpread;
    private final double visitsScale;
    private final double ageingPerYear;
    private final int outageBlockHours;
    private final int meanOutageHours;
    private final double spikeShare;
    private final double minDropFactor;
    private final double maxDropFactor;
    private final double minSpikeFactor;
    private final double maxSpikeFactor;

    private FootfallSettings(Builder b) {
        seed = b.seed;
        openingHour = b.openingHour;
        closingHour = b.closingHour;
        middayPeakTime = b.middayPeakTime;
        middayPeakBoost = b.middayPeakBoost;
        afternoonPeakTime = b.afternoonPeakTime;
        afternoonPeakBoost = b.afternoonPeakBoost;
        peakWidthHours = b.peakWidthHours;
        weekdayFactors = b.weekdayFactors.clone();
        closedDays = b.closedDays.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(DayOfWeek.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(b.closedDays));
        monthlyFactors = b.monthlyFactors.clone();
        holidays = Objects.requireNonNull(b.holidays, "holidays");
        minAnnualGrowth = b.minAnnualGrowth;
        maxAnnualGrowth = b.maxAnnualGrowth;
        trendReference = Objects.requireNonNull(b.trendReference, "trendReference");
        doorWeightSpread = b.doorWeightSpread;
        visitsScale = b.visitsScale;
        ageingPerYear = b.ageingPerYear;
        outageBlockHours = b.outageBlockHours;
        meanOutageHours = b.meanOutageHours;
        spikeShare = b.spikeShare;
        minDropFactor = b.minDropFactor;
        maxDropFactor = b.maxDropFactor;
        minSpikeFactor = b.minSpikeFactor;
        maxSpikeFactor = b.maxSpikeFactor;
        validate();
    }

    private void validate() {
        if (openingHour < 0 || openingHour > 23) {
            throw new IllegalArgumentException("openingHour must lie in 0..23, not " + openingHour);
        }
        if (closingHour < 1 || closingHour > 24) {
            throw new IllegalArgumentException("closingHour must lie in 1..24, not " + closingHour);
        }
        if (closingHour <= openingHour) {
            throw new IllegalArgumentException(
                    "closingHour " + closingHour + " must be after openingHour " + openingHour);
        }
        requireRange(middayPeakTime, 0, 24, "middayPeakTime");
        requireRange(afternoonPeakTime, 0, 24, "afternoonPeakTime");
        requireNonNegative(middayPeakBoost, "middayPeakBoost");
        requireNonNegative(afternoonPeakBoost, "afternoonPeakBoost");
        if (!(peakWidthHours > 0) || Double.isInfinite(peakWidthHours)) {
            throw new IllegalArgumentException("peakWidthHours must be a finite number above 0, not " + peakWidthHours);
        }
        double openWeight = 0;
        for (DayOfWeek day : DayOfWeek.values()) {
            double factor = weekdayFactors[day.getValue() - 1];
            requireNonNegative(factor, "The weekday factor of " + day);
            if (!closedDays.contains(day)) {
                openWeight += factor;
            }
        }
        if (closedDays.size() == 7) {
            throw new IllegalArgumentException("closedDays must leave at least one day open, not " + closedDays);
        }
        if (!(openWeight > 0)) {
            throw new IllegalArgumentException("The open weekdays' factors must not all be 0; closed days " + closedDays
                    + ", factors " + weekdayFactors());
        }
        double monthWeight = 0;
        for (Month month : Month.values()) {
            requireNonNegative(monthlyFactors[month.getValue() - 1], "The monthly factor of " + month);
            monthWeight += monthlyFactors[month.getValue() - 1];
        }
        if (!(monthWeight > 0)) {
            throw new IllegalArgumentException("The monthly factors must not all be 0");
        }
        if (!(minAnnualGrowth > -1) || Double.isInfinite(minAnnualGrowth)) {
            throw new IllegalArgumentException(
                    "minAnnualGrowth must be a finite number above -1, not " + minAnnualGrowth);
        }
        if (!(maxAnnualGrowth >= minAnnualGrowth) || Double.isInfinite(maxAnnualGrowth)) {
            throw new IllegalArgumentException("maxAnnualGrowth must be a finite number, at least minAnnualGrowth "
                    + minAnnualGrowth + ", not " + maxAnnualGrowth);
        }
        requireRange(doorWeightSpread, 0, 3, "doorWeightSpread");
        if (!(visitsScale > 0) || Double.isInfinite(visitsScale)) {
            throw new IllegalArgumentException("visitsScale must be a finite number above 0, not " + visitsScale);
        }
        requireNonNegative(ageingPerYear, "ageingPerYear");
        if (outageBlockHours < 1 || outageBlockHours > 24 * 366) {
            throw new IllegalArgumentException("outageBlockHours must lie in 1..8784, not " + outageBlockHours);
        }
        if (meanOutageHours < 1) {
            throw new IllegalArgumentException("meanOutageHours must be at least 1, not " + meanOutageHours);
        }
        // Lengths go up to 2 * mean - 1; an outage may then spill into the next block only.
        if (2 * meanOutageHours - 1 > outageBlockHours) {
            throw new IllegalArgumentException("meanOutageHours " + meanOutageHours
                    + " needs outageBlockHours of at least " + (2 * meanOutageHours - 1) + ", not " + outageBlockHours);
        }
        requireRange(spikeShare, 0, 1, "spikeShare");
        requireRange(minDropFactor, 0, 1, "minDropFactor");
        requireRange(maxDropFactor, minDropFactor, 1, "maxDropFactor");
        if (!(minSpikeFactor >= 1) || Double.isInfinite(minSpikeFactor)) {
            throw new IllegalArgumentException(
                    "minSpikeFactor must be a finite number, 1 or more, not " + minSpikeFactor);
        }
        if (!(maxSpikeFactor >= minSpikeFactor) || Double.isInfinite(maxSpikeFactor)) {
            throw new IllegalArgumentException("maxSpikeFactor must be a finite number, at least minSpikeFactor "
                    + minSpikeFactor + ", not " + maxSpikeFactor);
        }
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, 0 or more, not " + value);
        }
    }

    private static void requireRange(double value, double min, double max, String what) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(what + " must lie in [" + min + ", " + max + "], not " + value);
        }
    }

    /** @return the default settings (every value its {@code DEFAULT_…} constant) */
    public static FootfallSettings defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param newSeed the seed
     * @return a copy with that seed
     */
    public FootfallSettings withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** @return the seed every random number derives from */
    public long seed() {
        return seed;
    }

    /** @return the first open hour of a day, 0..23 */
    public int openingHour() {
        return openingHour;
    }

    /** @return the end (exclusive) of the open hours, 1..24 */
    public int closingHour() {
        return closingHour;
    }

    /** @return the time of day of the midday peak, in hours */
    public double middayPeakTime() {
        return middayPeakTime;
    }

    /** @return the height of the midday peak, relative to the day's base level */
    public double middayPeakBoost() {
        return middayPeakBoost;
    }

    /** @return the time of day of the late-afternoon peak, in hours */
    public double afternoonPeakTime() {
        return afternoonPeakTime;
    }

    /** @return the height of the late-afternoon peak, relative to the day's base level */
    public double afternoonPeakBoost() {
        return afternoonPeakBoost;
    }

    /** @return the width (standard deviation) of the peaks, in hours */
    public double peakWidthHours() {
        return peakWidthHours;
    }

    /**
     * @param day a weekday
     * @return its relative traffic (before normalisation)
     */
    public double weekdayFactor(DayOfWeek day) {
        return weekdayFactors[day.getValue() - 1];
    }

    /** @return the relative traffic of every weekday, Monday first */
    public Map<DayOfWeek, Double> weekdayFactors() {
        Map<DayOfWeek, Double> map = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            map.put(day, weekdayFactors[day.getValue() - 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** @return the weekdays the stores are closed */
    public Set<DayOfWeek> closedDays() {
        return closedDays;
    }

    /**
     * @param month a month
     * @return its relative traffic at mid-month (before normalisation)
     */
    public double monthlyFactor(Month month) {
        return monthlyFactors[month.getValue() - 1];
    }

    /** @return the relative traffic of every month, January first */
    public Map<Month, Double> monthlyFactors() {
        Map<Month, Double> map = new EnumMap<>(Month.class);
        for (Month month : Month.values()) {
            map.put(month, monthlyFactors[month.getValue() - 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** @return the function giving a store's holiday calendar from its zone */
    public Function<ZoneId, HolidayCalendar> holidays() {
        return holidays;
    }

    /** @return the lowest yearly growth rate drawn for a store */
    public double minAnnualGrowth() {
        return minAnnualGrowth;
    }

    /** @return the highest yearly growth rate drawn for a store */
    public double maxAnnualGrowth() {
        return maxAnnualGrowth;
    }

    /** @return the standard deviation of the log of a door's weight; 0 for equal doors */
    public double doorWeightSpread() {
        return doorWeightSpread;
    }

    /** @return what a store's {@code meanVisits} and {@code stdVisits} are multiplied by */
    public double visitsScale() {
        return visitsScale;
    }

    /** @return the date at which a store's trend factor is 1 */
    public LocalDate trendReference() {
        return trendReference;
    }

    /** @return the growth of the failure probability per year of sensor age, relative to the base */
    public double ageingPerYear() {
        return ageingPerYear;
    }

    /** @return the length of the blocks that hold at most one outage each, in hours */
    public int outageBlockHours() {
        return outageBlockHours;
    }

    /** @return the mean length of an outage, in hours */
    public int meanOutageHours() {
        return meanOutageHours;
    }

    /** @return the share of anomalies that are spikes */
    public double spikeShare() {
        return spikeShare;
    }

    /** @return the smallest factor of a drop */
    public double minDropFactor() {
        return minDropFactor;
    }

    /** @return the largest factor of a drop */
    public double maxDropFactor() {
        return maxDropFactor;
    }

    /** @return the smallest factor of a spike */
    public double minSpikeFactor() {
        return minSpikeFactor;
    }

    /** @return the largest factor of a spike */
    public double maxSpikeFactor() {
        return maxSpikeFactor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FootfallSettings other
                && seed == other.seed
                && openingHour == other.openingHour
                && closingHour == other.closingHour
                && Double.compare(middayPeakTime, other.middayPeakTime) == 0
                && Double.compare(middayPeakBoost, other.middayPeakBoost) == 0
                && Double.compare(afternoonPeakTime, other.afternoonPeakTime) == 0
                && Double.compare(afternoonPeakBoost, other.afternoonPeakBoost) == 0
                && Double.compare(peakWidthHours, other.peakWidthHours) == 0
                && Arrays.equals(weekdayFactors, other.weekdayFactors)
                && closedDays.equals(other.closedDays)
                && Arrays.equals(monthlyFactors, other.monthlyFactors)
                && holidays.equals(other.holidays)
                && Double.compare(minAnnualGrowth, other.minAnnualGrowth) == 0
                && Double.compare(maxAnnualGrowth, other.maxAnnualGrowth) == 0
                && trendReference.equals(other.trendReference)
                && Double.compare(doorWeightSpread, other.doorWeightSpread) == 0
                && Double.compare(visitsScale, other.visitsScale) == 0
                && Double.compare(ageingPerYear, other.ageingPerYear) == 0
                && outageBlockHours == other.outageBlockHours
                && meanOutageHours == other.meanOutageHours
                && Double.compare(spikeShare, other.spikeShare) == 0
                && Double.compare(minDropFactor, other.minDropFactor) == 0
                && Double.compare(maxDropFactor, other.maxDropFactor) == 0
                && Double.compare(minSpikeFactor, other.minSpikeFactor) == 0
                && Double.compare(maxSpikeFactor, other.maxSpikeFactor) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                seed,
                openingHour,
                closingHour,
                middayPeakTime,
                middayPeakBoost,
                afternoonPeakTime,
                afternoonPeakBoost,
                peakWidthHours,
                Arrays.hashCode(weekdayFactors),
                closedDays,
                Arrays.hashCode(monthlyFactors),
                holidays,
                minAnnualGrowth,
                maxAnnualGrowth,
                trendReference,
                doorWeightSpread,
                visitsScale,
                ageingPerYear,
                outageBlockHours,
                meanOutageHours,
                spikeShare,
                minDropFactor,
                maxDropFactor,
                minSpikeFactor,
                maxSpikeFactor);
    }

    @Override
    public String toString() {
        return "FootfallSettings{seed=" + seed + ", open " + openingHour + ".." + closingHour + ", peaks "
                + middayPeakTime + "h +" + middayPeakBoost + " / " + afternoonPeakTime + "h +" + afternoonPeakBoost
                + " (width " + peakWidthHours + "h), weekdays " + weekdayFactors() + ", closed " + closedDays
                + ", months " + monthlyFactors() + ", growth [" + minAnnualGrowth + ", " + maxAnnualGrowth
                + "] from " + trendReference + ", doorWeightSpread " + doorWeightSpread + ", visitsScale " + visitsScale
                + ", ageingPerYear "
                + ageingPerYear + ", outages "
                + meanOutageHours + "h in blocks of " + outageBlockHours + "h, spikeShare " + spikeShare + ", drops ["
                + minDropFactor + ", " + maxDropFactor + "], spikes [" + minSpikeFactor + ", " + maxSpikeFactor
                + "]}";
    }

    /**
     * Builds {@link FootfallSettings}; starts from the defaults; validation happens in {@link
     * #build()}.
     *
     * <p>Not thread-safe; the settings it builds are.
     */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int openingHour = DEFAULT_OPENING_HOUR;
        private int closingHour = DEFAULT_CLOSING_HOUR;
        private double middayPeakTime = DEFAULT_MIDDAY_PEAK_TIME;
        private double middayPeakBoost = DEFAULT_MIDDAY_PEAK_BOOST;
        private double afternoonPeakTime = DEFAULT_AFTERNOON_PEAK_TIME;
        private double afternoonPeakBoost = DEFAULT_AFTERNOON_PEAK_BOOST;
        private double peakWidthHours = DEFAULT_PEAK_WIDTH_HOURS;
        private final double[] weekdayFactors = new double[7];
        private Set<DayOfWeek> closedDays = DEFAULT_CLOSED_DAYS;
        private final double[] monthlyFactors = new double[12];
        private Function<ZoneId, HolidayCalendar> holidays = DEFAULT_HOLIDAYS;
        private double minAnnualGrowth = DEFAULT_MIN_ANNUAL_GROWTH;
        private double maxAnnualGrowth = DEFAULT_MAX_ANNUAL_GROWTH;
        private LocalDate trendReference = DEFAULT_TREND_REFERENCE;
        private double doorWeightSpread = DEFAULT_DOOR_WEIGHT_SPREAD;
        private double visitsScale = DEFAULT_VISITS_SCALE;
        private double ageingPerYear = DEFAULT_AGEING_PER_YEAR;
        private int outageBlockHours = DEFAULT_OUTAGE_BLOCK_HOURS;
        private int meanOutageHours = DEFAULT_MEAN_OUTAGE_HOURS;
        private double spikeShare = DEFAULT_SPIKE_SHARE;
        private double minDropFactor = DEFAULT_MIN_DROP_FACTOR;
        private double maxDropFactor = DEFAULT_MAX_DROP_FACTOR;
        private double minSpikeFactor = DEFAULT_MIN_SPIKE_FACTOR;
        private double maxSpikeFactor = DEFAULT_MAX_SPIKE_FACTOR;

        private Builder() {
            weekdayFactors(DEFAULT_WEEKDAY_FACTORS);
            monthlyFactors(DEFAULT_MONTHLY_FACTORS);
        }

        private Builder(FootfallSettings settings) {
            seed = settings.seed;
            openingHour = settings.openingHour;
            closingHour = settings.closingHour;
            middayPeakTime = settings.middayPeakTime;
            middayPeakBoost = settings.middayPeakBoost;
            afternoonPeakTime = settings.afternoonPeakTime;
            afternoonPeakBoost = settings.afternoonPeakBoost;
            peakWidthHours = settings.peakWidthHours;
            System.arraycopy(settings.weekdayFactors, 0, weekdayFactors, 0, 7);
            closedDays = settings.closedDays;
            System.arraycopy(settings.monthlyFactors, 0, monthlyFactors, 0, 12);
            holidays = settings.holidays;
            minAnnualGrowth = settings.minAnnualGrowth;
            maxAnnualGrowth = settings.maxAnnualGrowth;
            trendReference = settings.trendReference;
            doorWeightSpread = settings.doorWeightSpread;
            visitsScale = settings.visitsScale;
            ageingPerYear = settings.ageingPerYear;
            outageBlockHours = settings.outageBlockHours;
            meanOutageHours = settings.meanOutageHours;
            spikeShare = settings.spikeShare;
            minDropFactor = settings.minDropFactor;
            maxDropFactor = settings.maxDropFactor;
            minSpikeFactor = settings.minSpikeFactor;
            maxSpikeFactor = settings.maxSpikeFactor;
        }

        /**
         * @param value the seed every random number derives from
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param opening the first open hour, 0..23
         * @param closing the end (exclusive) of the open hours, after {@code opening}, at most 24
         * @return this builder
         */
        public Builder openingHours(int opening, int closing) {
            this.openingHour = opening;
            this.closingHour = closing;
            return this;
        }

        /**
         * @param time the time of day of the midday peak, in hours (e.g. 12.5 for 12:30)
         * @param boost its height relative to the day's base level, 0 for none
         * @return this builder
         */
        public Builder middayPeak(double time, double boost) {
            this.middayPeakTime = time;
            this.middayPeakBoost = boost;
            return this;
        }

        /**
         * @param time the time of day of the late-afternoon peak, in hours
         * @param boost its height relative to the day's base level, 0 for none
         * @return this builder
         */
        public Builder afternoonPeak(double time, double boost) {
            this.afternoonPeakTime = time;
            this.afternoonPeakBoost = boost;
            return this;
        }

        /**
         * @param hours the width (standard deviation) of both peaks, above 0
         * @return this builder
         */
        public Builder peakWidthHours(double hours) {
            this.peakWidthHours = hours;
            return this;
        }

        /**
         * @param day a weekday
         * @param factor its relative traffic, 0 or more
         * @return this builder
         */
        public Builder weekdayFactor(DayOfWeek day, double factor) {
            weekdayFactors[day.getValue() - 1] = factor;
            return this;
        }

        /**
         * @param factors relative traffic of some weekdays; the others keep theirs
         * @return this builder
         */
        public Builder weekdayFactors(Map<DayOfWeek, Double> factors) {
            factors.forEach(this::weekdayFactor);
            return this;
        }

        /**
         * @param days the weekdays the stores are closed (empty for open every day)
         * @return this builder
         */
        public Builder closedDays(Set<DayOfWeek> days) {
            this.closedDays = Set.copyOf(days);
            return this;
        }

        /**
         * @param month a month
         * @param factor its relative traffic at mid-month, 0 or more
         * @return this builder
         */
        public Builder monthlyFactor(Month month, double factor) {
            monthlyFactors[month.getValue() - 1] = factor;
            return this;
        }

        /**
         * @param factors relative traffic of some months; the others keep theirs
         * @return this builder
         */
        public Builder monthlyFactors(Map<Month, Double> factors) {
            factors.forEach(this::monthlyFactor);
            return this;
        }

        /**
         * @param calendarOfZone gives a store's holiday calendar from its zone; {@code zone ->
         *     HolidayCalendar.none()} for none
         * @return this builder
         */
        public Builder holidays(Function<ZoneId, HolidayCalendar> calendarOfZone) {
            this.holidays = calendarOfZone;
            return this;
        }

        /**
         * @param min the lowest yearly growth rate drawn for a store, above -1
         * @param max the highest, at least {@code min}; {@code (0, 0)} for no trend
         * @return this builder
         */
        public Builder annualGrowth(double min, double max) {
            this.minAnnualGrowth = min;
            this.maxAnnualGrowth = max;
            return this;
        }

        /**
         * @param spread the standard deviation of the log of a door's weight, in [0, 3]; 0 for equal
         *     doors
         * @return this builder
         */
        public Builder doorWeightSpread(double spread) {
            this.doorWeightSpread = spread;
            return this;
        }

        /**
         * @param scale what every store's {@code meanVisits} and {@code stdVisits} are multiplied by,
         *     above 0: {@value #DEFAULT_VISITS_SCALE} by default (real doors' counts); 1 for the
         *     stores' own numbers (the original system's sizes)
         * @return this builder
         */
        public Builder visitsScale(double scale) {
            this.visitsScale = scale;
            return this;
        }

        /**
         * @param reference the date at which a store's traffic equals its base level: the trend
         *     compounds forwards and backwards from it
         * @return this builder
         */
        public Builder trendReference(LocalDate reference) {
            this.trendReference = reference;
            return this;
        }

        /**
         * @param perYear the growth of the failure probability per year of sensor age, relative to
         *     the store's base (0.1: +10 % a year); 0 for no ageing
         * @return this builder
         */
        public Builder ageingPerYear(double perYear) {
            this.ageingPerYear = perYear;
            return this;
        }

        /**
         * @param blockHours the length of the blocks that hold at most one outage, in hours
         * @param meanHours the mean length of an outage, in hours; lengths are uniform in {@code 1 ..
         *     2 * meanHours - 1}, which must fit in a block
         * @return this builder
         */
        public Builder outages(int blockHours, int meanHours) {
            this.outageBlockHours = blockHours;
            this.meanOutageHours = meanHours;
            return this;
        }

        /**
         * @param share the share of anomalies that are spikes, in [0, 1]; the others are drops
         * @return this builder
         */
        public Builder spikeShare(double share) {
            this.spikeShare = share;
            return this;
        }

        /**
         * @param min the smallest factor a drop multiplies the count by, in [0, 1]
         * @param max the largest, in [min, 1]
         * @return this builder
         */
        public Builder dropFactors(double min, double max) {
            this.minDropFactor = min;
            this.maxDropFactor = max;
            return this;
        }

        /**
         * @param min the smallest factor a spike multiplies the count by, 1 or more
         * @param max the largest, at least {@code min}
         * @return this builder
         */
        public Builder spikeFactors(double min, double max) {
            this.minSpikeFactor = min;
            this.maxSpikeFactor = max;
            return this;
        }

        /**
         * @return the validated settings
         * @throws IllegalArgumentException naming the first bad value
         */
        public FootfallSettings build() {
            return new FootfallSettings(this);
        }
    }
}
