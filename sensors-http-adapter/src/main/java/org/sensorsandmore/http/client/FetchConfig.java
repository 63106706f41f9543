package org.sensorsandmore.http.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.core.retry.Sleeper;

/**
 * How the HTTP clients fetch: time-outs, retries ({@link RetryPolicy}: attempts, exponential back-off
 * and jitter), the window a bulk request covers, and how many per-hour requests are in flight.
 *
 * <p>A request that fails with an I/O error, a time-out, a 429 or a 5xx is retried after {@code
 * initialBackoff * 2^(attempt-2)} (at most {@code maxBackoff}), of which a share {@code jitter} is
 * drawn at random (seeded: the same waits on every run) so that clients that failed together do not
 * retry together. A 4xx other than 429 is not retried: the request itself is wrong. A bulk stream cut
 * mid-way resumes from its last complete reading; an attempt that brought new readings does not
 * count against {@code maxAttempts}. Whatever the retries, a bulk request's chunk gives up once
 * {@code chunkDeadline} has passed since its first attempt: a server that trickles a reading now and
 * then cannot hold a fetch for ever. Each retry is told to the sink being filled ({@link
 * org.sensorsandmore.core.ReadingSink#retrying}), so a pipeline counts it in its run log.
 *
 * <pre>{@code
 * FetchConfig patient = FetchConfig.builder().maxAttempts(10).maxBackoff(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class FetchConfig {
    /** Time to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Time to receive a response's headers. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Attempts per request (or per stretch of a stream without progress), the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /** The back-off before the first retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** The longest back-off. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** The share of each back-off drawn at random. */
    public static final double DEFAULT_JITTER = 0.5;

    /** Each back-off twice the one before. */
    private static final double BACKOFF_MULTIPLIER = 2;

    /**
     * The retries of one request unless told otherwise: {@value #DEFAULT_MAX_ATTEMPTS} attempts, 100
     * ms doubling to 5 s, half of each drawn, from seed 0.
     */
    public static final RetryPolicy DEFAULT_RETRY = new RetryPolicy(
                    DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, BACKOFF_MULTIPLIER, DEFAULT_MAX_BACKOFF)
            .withJitter(DEFAULT_JITTER, 0);

    /** Hours per bulk request: 31 days, well under the server's default limit of 366 days. */
    public static final int DEFAULT_CHUNK_HOURS = 31 * 24;

    /** The longest a bulk request's chunk may take, its retries included. */
    public static final Duration DEFAULT_CHUNK_DEADLINE = Duration.ofMinutes(5);

    /** Per-hour requests in flight at once (each on its own keep-alive connection). */
    public static final int DEFAULT_CONCURRENCY = 8;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final int chunkHours;
    private final Duration chunkDeadline;
    private final int concurrency;

    private FetchConfig(Builder builder) {
        this.connectTimeout = positive(builder.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(builder.requestTimeout, "requestTimeout");
        // The policy validates its own values, naming them as the builder does.
        this.retry = new RetryPolicy(
                builder.maxAttempts,
                builder.initialBackoff,
                builder.multiplier,
                builder.maxBackoff,
                builder.jitter,
                builder.seed);
        this.sleeper = builder.sleeper;
        this.chunkHours = atLeastOne(builder.chunkHours, "chunkHours");
        this.chunkDeadline = positive(builder.chunkDeadline, "chunkDeadline");
        this.concurrency = atLeastOne(builder.concurrency, "concurrency");
        if (concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be at most 256, not " + concurrency);
        }
    }

    /** @return the defaults */
    public static FetchConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
        return value;
    }

    private static int atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
        return value;
    }

    /** @return the time to open a connection */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * @param base the address the client fetches from
     * @return the HTTP/1.1 client both traffic clients fetch with, connecting within {@link
     *     #connectTimeout()}
     */
    HttpClient newHttpClient(URI base) {
        return HttpBuilders.forAddress(base)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * @return the time to receive a response's headers, and the longest a bulk response's body may go
     *     without a byte before it counts as cut
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * @return how one request is retried: its attempts, back-off and jitter; see {@link
     *     RetryPolicy#worstCaseAttempts} for what nested retries (a pipeline's) multiply to
     */
    public RetryPolicy retry() {
        return retry;
    }

    /** @return what waits the back-offs */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return the hours a bulk request covers */
    public int chunkHours() {
        return chunkHours;
    }

    /** @return the longest a bulk request's chunk may take, its retries included */
    public Duration chunkDeadline() {
        return chunkDeadline;
    }

    /** @return the per-hour requests in flight at once */
    public int concurrency() {
        return concurrency;
    }

    @Override
    public String toString() {
        return "FetchConfig[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", retry=" + retry + ", chunkHours=" + chunkHours + ", chunkDeadline=" + chunkDeadline
                + ", concurrency="
                + concurrency + "]";
    }

    /**
     * Builds a {@link FetchConfig}; {@link #build()} validates every value, naming the bad one.
     *
     * <p>Not thread-safe; the configuration it builds is.
     */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_RETRY.maxAttempts();
        private Duration initialBackoff = DEFAULT_RETRY.initialBackoff();
        private double multiplier = DEFAULT_RETRY.multiplier();
        private Duration maxBackoff = DEFAULT_RETRY.maxBackoff();
        private double jitter = DEFAULT_RETRY.jitter();
        private long seed = DEFAULT_RETRY.seed();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private int chunkHours = DEFAULT_CHUNK_HOURS;
        private Duration chunkDeadline = DEFAULT_CHUNK_DEADLINE;
        private int concurrency = DEFAULT_CONCURRENCY;

        private Builder() {}

        /**
         * @param timeout the time to open a connection (default 5 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param timeout the time to receive a response's headers, and the longest a body may stall (default
         *     30 s)
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Sets every value of the retries at once; the setters below change one of them.
         *
         * @param policy how one request is retried (default {@link #DEFAULT_RETRY})
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.maxAttempts = policy.maxAttempts();
            this.initialBackoff = policy.initialBackoff();
            this.multiplier = policy.multiplier();
            this.maxBackoff = policy.maxBackoff();
            this.jitter = policy.jitter();
            this.seed = policy.seed();
            return this;
        }

        /**
         * @param sleeper what waits the back-offs (default {@link Sleeper#SYSTEM}; a test's records them)
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param attempts the attempts per request, the first included (default 5)
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param backoff the back-off before the first retry (default 100 ms)
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        /**
         * @param backoff the longest back-off (default 5 s)
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        /**
         * @param share the share of each back-off drawn at random, in [0, 1] (default 0.5)
         * @return this builder
         */
        public Builder jitter(double share) {
            this.jitter = share;
            return this;
        }

        /**
         * @param hours the hours a bulk request covers (default 744)
         * @return this builder
         */
        public Builder chunkHours(int hours) {
            this.chunkHours = hours;
            return this;
        }

        /**
         * @param deadline the longest a bulk request's chunk may take, from its first attempt to its
         *     last reading, back-offs included (default 5 min)
         * @return this builder
         */
        public Builder chunkDeadline(Duration deadline) {
            this.chunkDeadline = deadline;
            return this;
        }

        /**
         * @param requests the per-hour requests in flight at once, 1 to 256 (default 8)
         * @return this builder
         */
        public Builder concurrency(int requests) {
            this.concurrency = requests;
            return this;
        }

        /**
         * @param seed the seed of the jitter's draws (default 0)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the validated configuration */
        public FetchConfig build() {
            return new FetchConfig(this);
        }
    }
}
