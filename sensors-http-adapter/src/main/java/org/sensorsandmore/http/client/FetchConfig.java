package org.sensorsandmore.http.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP clients fetch: time-outs, retries with exponential back-off and jitter, the window
 * a bulk request covers, and how many per-hour requests are in flight.
 *
 * <p>A request that fails with an I/O error, a time-out, a 429 or a 5xx is retried after {@code
 * initialBackoff * 2^(attempt-1)} (at most {@code maxBackoff}), of which a share {@code jitter} is
 * drawn at random so that clients that failed together do not retry together. A 4xx other than 429
 * is not retried: the request itself is wrong. A bulk stream cut mid-way resumes from its last
 * complete reading; an attempt that brought new readings does not count against {@code maxAttempts}.
 * Whatever the retries, a bulk request's chunk gives up once {@code chunkDeadline} has passed since
 * its first attempt: a server that trickles a reading now and then cannot hold a fetch for ever.
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

    /** Hours per bulk request: 31 days, well under the server's default limit of 366 days. */
    public static final int DEFAULT_CHUNK_HOURS = 31 * 24;

    /** The longest a bulk request's chunk may take, its retries included. */
    public static final Duration DEFAULT_CHUNK_DEADLINE = Duration.ofMinutes(5);

    /** Per-hour requests in flight at once (each on its own keep-alive connection). */
    public static final int DEFAULT_CONCURRENCY = 8;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final int chunkHours;
    private final Duration chunkDeadline;
    private final int concurrency;
    private final long seed;

    private FetchConfig(Builder builder) {
        this.connectTimeout = positive(builder.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(builder.requestTimeout, "requestTimeout");
        this.maxAttempts = atLeastOne(builder.maxAttempts, "maxAttempts");
        this.initialBackoff = notNegative(builder.initialBackoff, "initialBackoff");
        this.maxBackoff = notNegative(builder.maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
        }
        if (!(builder.jitter >= 0 && builder.jitter <= 1)) {
            throw new IllegalArgumentException("jitter must lie in [0, 1], not " + builder.jitter);
        }
        this.jitter = builder.jitter;
        this.chunkHours = atLeastOne(builder.chunkHours, "chunkHours");
        this.chunkDeadline = positive(builder.chunkDeadline, "chunkDeadline");
        this.concurrency = atLeastOne(builder.concurrency, "concurrency");
        if (concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be at most 256, not " + concurrency);
        }
        this.seed = builder.seed;
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

    private static Duration notNegative(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must be 0 or more, not " + value);
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

    /** The HTTP/1.1 client both traffic clients fetch with, connecting within {@link #connectTimeout()}. */
    HttpClient newHttpClient() {
        return HttpClient.newBuilder()
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

    /** @return the attempts per request, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the back-off before the first retry */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the longest back-off */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the share of each back-off drawn at random, in [0, 1] */
    public double jitter() {
        return jitter;
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

    /** @return the seed of the jitter's draws */
    public long seed() {
        return seed;
    }

    /**
     * @param retry the retry, from 1
     * @param uniform a uniform draw in [0, 1)
     * @return the back-off before that retry
     */
    Duration backoff(int retry, double uniform) {
        long base = initialBackoff.toNanos() << Math.min(30, Math.max(0, retry - 1));
        long capped = Math.min(maxBackoff.toNanos(), base < 0 ? Long.MAX_VALUE : base);
        return Duration.ofNanos((long) (capped * (1 - jitter + jitter * uniform)));
    }

    @Override
    public String toString() {
        return "FetchConfig[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + ", jitter="
                + jitter + ", chunkHours=" + chunkHours + ", chunkDeadline=" + chunkDeadline + ", concurrency="
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
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private int chunkHours = DEFAULT_CHUNK_HOURS;
        private Duration chunkDeadline = DEFAULT_CHUNK_DEADLINE;
        private int concurrency = DEFAULT_CONCURRENCY;
        private long seed;

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
