package org.sensorsandmore.http.api;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.check.Require;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.TrafficModel;
import org.sensorsandmore.http.HostCheck;

/**
 * What a {@link TrafficApiServer} serves and how: the model and stores, where it listens and which
 * {@code Host} names it answers, what time
 * it is, the longest window it streams, and the faults it injects (none by default).
 *
 * <pre>{@code
 * ApiServerConfig config = ApiServerConfig.builder()
 *         .model(new ClassicModel())
 *         .now(LocalDateTime.of(2024, 8, 7, 15, 0))   // reproducible: "now" never moves
 *         .port(0)                                    // any free port
 *         .failRate(0.2)                              // one request in five answers 503
 *         .build();
 * }</pre>
 *
 * <p>"Now" decides which hours a client may ask for (the original refused hours after now). With a
 * {@link Builder#clock clock}, each store's now for the {@code /v1} routes is the clock's instant in
 * the store's zone, while the original's per-hour route uses one now for every store, the clock's
 * wall time in the clock's own zone (the machine's by default), as the original's naive {@code
 * datetime.now()} did: its download script asks every hour up to its own machine's local now, so
 * the two agree on a machine in any time zone. With {@link Builder#now pinned} now, every store's
 * local now is that wall-clock time, on every route.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class ApiServerConfig {
    /** Loopback: the server is a simulator, not a public service. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The port the original's uvicorn listened on. */
    public static final int DEFAULT_PORT = 8000;

    /** The longest window {@code /v1/readings} streams in one response: 366 days. */
    public static final long DEFAULT_MAX_WINDOW_HOURS = 366L * 24;

    private final String host;
    private final Set<String> allowedHosts;
    private final int port;
    private final TrafficModel model;
    private final StoreNetwork network;
    private final Clock clock;
    private final LocalDateTime pinnedNow;
    private final long maxWindowHours;
    private final double failRate;
    private final Duration latency;
    private final double cutRate;
    private final long faultSeed;

    private ApiServerConfig(Builder builder) {
        this.host = requireText(builder.host, "host");
        this.allowedHosts = HostCheck.requireNames(builder.allowedHosts);
        if (builder.port < 0 || builder.port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + builder.port);
        }
        this.port = builder.port;
        this.model = Objects.requireNonNull(builder.model, "model");
        this.network = Objects.requireNonNull(builder.network, "network");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.pinnedNow = builder.pinnedNow == null
                ? null
                : Hours.requireWholeHour(
                        builder.pinnedNow.withMinute(0).withSecond(0).withNano(0), "now");
        this.maxWindowHours = Require.atLeast(builder.maxWindowHours, 1, "maxWindowHours");
        this.failRate = requireRate(builder.failRate, "failRate");
        this.cutRate = requireRate(builder.cutRate, "cutRate");
        Objects.requireNonNull(builder.latency, "latency");
        if (builder.latency.isNegative()) {
            throw new IllegalArgumentException("latency must be 0 or more, not " + builder.latency);
        }
        this.latency = builder.latency;
        this.faultSeed = builder.faultSeed;
    }

    /**
     * @return a builder with every default: footfall model, original network, the system clock in the
     *     machine's zone, no faults
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static double requireRate(double rate, String what) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " must lie in [0, 1], not " + rate);
        }
        return rate;
    }

    /** @return the address to bind */
    public String host() {
        return host;
    }

    /**
     * @return the names answered beside those of the bound address (see {@link HostCheck}); a request
     *     for any other {@code Host} gets a 403
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /** @return the port to bind; 0 for any free port */
    public int port() {
        return port;
    }

    /** @return the model that computes readings */
    public TrafficModel model() {
        return model;
    }

    /** @return the stores served */
    public StoreNetwork network() {
        return network;
    }

    /** @return the clock, used unless now is pinned */
    public Clock clock() {
        return clock;
    }

    /** @return the pinned wall-clock now, if any */
    public Optional<LocalDateTime> pinnedNow() {
        return Optional.ofNullable(pinnedNow);
    }

    /**
     * @param store a store
     * @return the store-local now: the pinned time, or the clock's instant in the store's zone
     */
    public LocalDateTime now(Store store) {
        return pinnedNow != null ? pinnedNow : LocalDateTime.ofInstant(clock.instant(), store.zone());
    }

    /**
     * @return the now of the original's per-hour route, the same for every store: the pinned time, or
     *     the clock's instant as a wall-clock time in the clock's own zone (the machine's by default)
     */
    public LocalDateTime legacyNow() {
        return pinnedNow != null ? pinnedNow : LocalDateTime.ofInstant(clock.instant(), clock.getZone());
    }

    /** @return the longest window {@code /v1/readings} streams, in hours */
    public long maxWindowHours() {
        return maxWindowHours;
    }

    /** @return the share of requests answered 503, in [0, 1] */
    public double failRate() {
        return failRate;
    }

    /** @return the delay added before each answer */
    public Duration latency() {
        return latency;
    }

    /** @return the share of {@code /v1/readings} streams cut mid-way, in [0, 1] */
    public double cutRate() {
        return cutRate;
    }

    /** @return the seed of the fault injection's random draws */
    public long faultSeed() {
        return faultSeed;
    }

    /** @return whether any fault is injected */
    public boolean injectsFaults() {
        return failRate > 0 || cutRate > 0 || !latency.isZero();
    }

    @Override
    public String toString() {
        return "ApiServerConfig[host=" + host + ", allowedHosts=" + allowedHosts + ", port=" + port + ", model=" + model
                + ", stores="
                + network.names() + ", now=" + (pinnedNow != null ? pinnedNow + " (pinned)" : clock)
                + ", maxWindowHours=" + maxWindowHours + ", failRate=" + failRate + ", latency=" + latency
                + ", cutRate=" + cutRate + "]";
    }

    /**
     * Builds an {@link ApiServerConfig}; {@link #build()} validates every value, naming the bad one.
     *
     * <p>Not thread-safe; the configuration it builds is.
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private List<String> allowedHosts = List.of();
        private int port = DEFAULT_PORT;
        private TrafficModel model = new FootfallModel();
        private StoreNetwork network = StoreNetwork.original();
        private Clock clock = Clock.systemDefaultZone();
        private LocalDateTime pinnedNow;
        private long maxWindowHours = DEFAULT_MAX_WINDOW_HOURS;
        private double failRate;
        private Duration latency = Duration.ZERO;
        private double cutRate;
        private long faultSeed;

        private Builder() {}

        /**
         * @param host the address to bind (default {@value ApiServerConfig#DEFAULT_HOST})
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * @param names host names or addresses to answer beside those of the bound address (default
         *     none), or {@value HostCheck#ANY_HOST} for every name: requests for other names get a 403,
         *     against DNS rebinding (see {@link HostCheck})
         * @return this builder
         */
        public Builder allowedHosts(Collection<String> names) {
            this.allowedHosts = List.copyOf(names);
            return this;
        }

        /**
         * @param port the port (default {@value ApiServerConfig#DEFAULT_PORT}); 0 for any free port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param model the traffic model (default: a {@link FootfallModel} with seed 0)
         * @return this builder
         */
        public Builder model(TrafficModel model) {
            this.model = model;
            return this;
        }

        /**
         * @param network the stores (default: {@link StoreNetwork#original()})
         * @return this builder
         */
        public Builder network(StoreNetwork network) {
            this.network = network;
            return this;
        }

        /**
         * @param clock the clock each store's now is read from, in its zone; its own zone is the
         *     per-hour route's, as the original's machine-local clock (default: the system's, in the
         *     machine's zone)
         * @return this builder, with now no longer pinned
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            this.pinnedNow = null;
            return this;
        }

        /**
         * @param now the wall-clock time every store's now is pinned to (truncated to its hour)
         * @return this builder
         */
        public Builder now(LocalDateTime now) {
            this.pinnedNow = Objects.requireNonNull(now, "now");
            return this;
        }

        /**
         * @param hours the longest window {@code /v1/readings} streams (default {@value
         *     ApiServerConfig#DEFAULT_MAX_WINDOW_HOURS})
         * @return this builder
         */
        public Builder maxWindowHours(long hours) {
            this.maxWindowHours = hours;
            return this;
        }

        /**
         * @param rate the share of requests answered 503, in [0, 1] (default 0)
         * @return this builder
         */
        public Builder failRate(double rate) {
            this.failRate = rate;
            return this;
        }

        /**
         * @param delay the delay added before each answer (default none)
         * @return this builder
         */
        public Builder latency(Duration delay) {
            this.latency = delay;
            return this;
        }

        /**
         * @param rate the share of {@code /v1/readings} streams cut mid-way, in [0, 1] (default 0)
         * @return this builder
         */
        public Builder cutRate(double rate) {
            this.cutRate = rate;
            return this;
        }

        /**
         * @param seed the seed of the fault injection's draws (default 0), for reproducible faults
         * @return this builder
         */
        public Builder faultSeed(long seed) {
            this.faultSeed = seed;
            return this;
        }

        /** @return the validated configuration */
        public ApiServerConfig build() {
            return new ApiServerConfig(this);
        }
    }
}
