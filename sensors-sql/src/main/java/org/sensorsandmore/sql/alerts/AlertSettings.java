package org.sensorsandmore.sql.alerts;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.sensorsandmore.core.check.Require;

/**
 * The rules a warehouse is watched for, their thresholds, and the channels notices go to.
 *
 * <table>
 *   <caption>Rules and their defaults</caption>
 *   <tr><th>rule</th><th>fires when</th><th>default</th></tr>
 *   <tr><td>{@code failure-rate}</td><td>a sensor failed more than {@code percent} of its readings over
 *       its store's last {@code days} days</td><td>{@value #DEFAULT_FAILURE_RATE_PERCENT} % over
 *       {@value #DEFAULT_FAILURE_RATE_DAYS} days</td></tr>
 *   <tr><td>{@code outage}</td><td>a sensor's latest {@code hours} readings or more all failed</td>
 *       <td>{@value #DEFAULT_OUTAGE_HOURS} hours</td></tr>
 *   <tr><td>{@code stale}</td><td>a store's last stored hour is {@code hours} or more complete hours
 *       behind the source's now</td><td>{@value #DEFAULT_STALE_HOURS} hours</td></tr>
 *   <tr><td>{@code drop}</td><td>a store's last complete day is {@code percent} or more below its
 *       same-weekday baseline (closed days, with no visits, and days whose readings failed more than
 *       the failure-rate threshold are not drops)</td><td>{@value #DEFAULT_DROP_PERCENT} %</td></tr>
 * </table>
 *
 * <p>A file ({@link Builder#load}) sets them as {@code key = value} lines (Java properties; {@code
 * #} starts a comment); every key is optional:
 *
 * <pre>
 * rules = failure-rate, outage, stale, drop
 * failure-rate.days = 7
 * failure-rate.percent = 5
 * outage.hours = 3
 * stale.hours = 3
 * drop.percent = 40
 * webhook.url = https://hooks.example.com/sensors
 * email.to = owner@example.com, ops@example.com
 * email.from = sensors@example.com
 * smtp = smtp.example.com:587
 * smtp.require-starttls = false
 * delivery.attempts = 3
 * delivery.retry-seconds = 1
 * delivery.timeout-seconds = 10
 * </pre>
 *
 * SMTP credentials are never read from the file: they come from the environment given to {@link
 * Builder#environment} ({@value EmailChannel#USER_VARIABLE}, {@value EmailChannel#PASSWORD_VARIABLE}).
 *
 * <p>This class is immutable and thread-safe.
 */
public final class AlertSettings {
    /** The days a sensor's failure rate is measured over unless told otherwise. */
    public static final int DEFAULT_FAILURE_RATE_DAYS = 7;

    /** The failure rate above which a sensor fires unless told otherwise: the dashboard's flag. */
    public static final double DEFAULT_FAILURE_RATE_PERCENT = 5.0;

    /** The failed hours in a row that make an outage unless told otherwise. */
    public static final int DEFAULT_OUTAGE_HOURS = 3;

    /** The complete hours without data that make a store stale unless told otherwise. */
    public static final int DEFAULT_STALE_HOURS = 3;

    /**
     * How far below its baseline a complete day fires unless told otherwise. The baseline includes
     * the day itself (the client's definition), so -40 % is a day about half its usual.
     */
    public static final double DEFAULT_DROP_PERCENT = 40.0;

    /** How many times a notice is tried on one run unless told otherwise. */
    public static final int DEFAULT_DELIVERY_ATTEMPTS = 3;

    /** The wait before a notice's second try on one run, doubled for each further one. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    private static final Set<String> KEYS = Set.of(
            "rules",
            "failure-rate.days",
            "failure-rate.percent",
            "outage.hours",
            "stale.hours",
            "drop.percent",
            "webhook.url",
            "email.to",
            "email.from",
            "smtp",
            "smtp.require-starttls",
            "delivery.attempts",
            "delivery.retry-seconds",
            "delivery.timeout-seconds");

    private final Set<AlertRule> rules;
    private final int failureRateDays;
    private final double failureRatePercent;
    private final int outageHours;
    private final int staleHours;
    private final double dropPercent;
    private final List<AlertChannel> channels;
    private final int deliveryAttempts;
    private final Duration retryDelay;

    private AlertSettings(Builder builder, List<AlertChannel> channels) {
        this.rules = Set.copyOf(builder.rules);
        this.failureRateDays = builder.failureRateDays;
        this.failureRatePercent = builder.failureRatePercent;
        this.outageHours = builder.outageHours;
        this.staleHours = builder.staleHours;
        this.dropPercent = builder.dropPercent;
        this.channels = List.copyOf(channels);
        this.deliveryAttempts = builder.deliveryAttempts;
        this.retryDelay = builder.retryDelay;
    }

    /** @return every rule with its default threshold, and no channel: incidents are kept, nothing is sent */
    public static AlertSettings defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the rules evaluated */
    public Set<AlertRule> rules() {
        return rules;
    }

    /** @return the days of {@link AlertRule#FAILURE_RATE} */
    public int failureRateDays() {
        return failureRateDays;
    }

    /** @return the percent of {@link AlertRule#FAILURE_RATE} */
    public double failureRatePercent() {
        return failureRatePercent;
    }

    /** @return the hours of {@link AlertRule#OUTAGE} */
    public int outageHours() {
        return outageHours;
    }

    /** @return the hours of {@link AlertRule#STALE} */
    public int staleHours() {
        return staleHours;
    }

    /** @return the percent of {@link AlertRule#DROP} */
    public double dropPercent() {
        return dropPercent;
    }

    /** @return where notices go; none keeps incidents without sending anything */
    public List<AlertChannel> channels() {
        return channels;
    }

    /** @return how many times a notice is tried on one run */
    public int deliveryAttempts() {
        return deliveryAttempts;
    }

    /** @return the wait before a notice's second try on one run */
    public Duration retryDelay() {
        return retryDelay;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "AlertSettings[rules=%s, failure-rate=%.1f%% over %d days, outage=%d h, stale=%d h, drop=%.1f%%,"
                        + " channels=%s]",
                new TreeSet<>(rules.stream().map(AlertRule::key).toList()),
                failureRatePercent,
                failureRateDays,
                outageHours,
                staleHours,
                dropPercent,
                channels.stream().map(AlertChannel::id).toList());
    }

    /**
     * Builds {@link AlertSettings}; values are checked as they are set.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Set<AlertRule> rules = EnumSet.allOf(AlertRule.class);
        private int failureRateDays = DEFAULT_FAILURE_RATE_DAYS;
        private double failureRatePercent = DEFAULT_FAILURE_RATE_PERCENT;
        private int outageHours = DEFAULT_OUTAGE_HOURS;
        private int staleHours = DEFAULT_STALE_HOURS;
        private double dropPercent = DEFAULT_DROP_PERCENT;
        private int deliveryAttempts = DEFAULT_DELIVERY_ATTEMPTS;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration timeout = WebhookChannel.DEFAULT_TIMEOUT;
        private final List<URI> webhooks = new ArrayList<>();
        private final List<String> emailTo = new ArrayList<>();
        private String emailFrom = EmailChannel.DEFAULT_FROM;
        private String smtpHost;
        private int smtpPort;
        private boolean requireStartTls;
        private Map<String, String> environment = Map.of();
        private final List<AlertChannel> channels = new ArrayList<>();

        private Builder() {}

        /**
         * @param rules the rules to evaluate; open incidents of a rule left out stay as they are
         * @return this builder
         */
        public Builder rules(Set<AlertRule> rules) {
            this.rules = rules.isEmpty() ? EnumSet.noneOf(AlertRule.class) : EnumSet.copyOf(rules);
            return this;
        }

        /**
         * @param days the days measured, at least 1
         * @param percent the failure rate above which a sensor fires, 0 to 100
         * @return this builder
         */
        public Builder failureRate(int days, double percent) {
            this.failureRateDays = atLeast(1, days, "failure-rate.days");
            this.failureRatePercent = percent(percent, "failure-rate.percent");
            return this;
        }

        /**
         * @param hours the failed hours in a row that make an outage, at least 1
         * @return this builder
         */
        public Builder outageHours(int hours) {
            this.outageHours = atLeast(1, hours, "outage.hours");
            return this;
        }

        /**
         * @param hours the complete hours without data that make a store stale, at least 1
         * @return this builder
         */
        public Builder staleHours(int hours) {
            this.staleHours = atLeast(1, hours, "stale.hours");
            return this;
        }

        /**
         * @param percent how far below its baseline a complete day fires, 0 to 100
         * @return this builder
         */
        public Builder dropPercent(double percent) {
            this.dropPercent = percent(percent, "drop.percent");
            return this;
        }

        /**
         * @param attempts how many times a notice is tried on one run, at least 1
         * @param retryDelay the wait before the second try, doubled for each further one
         * @return this builder
         */
        public Builder delivery(int attempts, Duration retryDelay) {
            this.deliveryAttempts = atLeast(1, attempts, "delivery.attempts");
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("delivery.retry-seconds cannot be negative: " + retryDelay);
            }
            this.retryDelay = retryDelay;
            return this;
        }

        /**
         * @param timeout how long one delivery (webhook) or each SMTP step may take, positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Require.positive(timeout, "delivery.timeout-seconds");
            return this;
        }

        /**
         * @param uri an address that receives each notice as a JSON POST ({@link WebhookChannel})
         * @return this builder
         */
        public Builder webhook(URI uri) {
            webhooks.add(Objects.requireNonNull(uri, "uri"));
            return this;
        }

        /**
         * @param to recipients of each notice by e-mail ({@link EmailChannel}); needs {@link #smtp}
         * @return this builder
         */
        public Builder emailTo(List<String> to) {
            emailTo.addAll(to);
            return this;
        }

        /**
         * @param from the e-mails' sender (default {@value EmailChannel#DEFAULT_FROM})
         * @return this builder
         */
        public Builder emailFrom(String from) {
            this.emailFrom = Objects.requireNonNull(from, "from");
            return this;
        }

        /**
         * @param hostPort the SMTP server, {@code HOST:PORT}
         * @return this builder
         */
        public Builder smtp(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("The SMTP server must be HOST:PORT, not '" + hostPort + "'");
            }
            try {
                this.smtpPort = Integer.parseInt(hostPort.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The SMTP server must be HOST:PORT, not '" + hostPort + "'", e);
            }
            this.smtpHost = hostPort.substring(0, colon).strip();
            return this;
        }

        /**
         * @param require whether to refuse an SMTP server that does not offer STARTTLS (default: use
         *     it when offered)
         * @return this builder
         */
        public Builder requireStartTls(boolean require) {
            this.requireStartTls = require;
            return this;
        }

        /**
         * @param environment where the SMTP credentials are read from ({@value EmailChannel#USER_VARIABLE},
         *     {@value EmailChannel#PASSWORD_VARIABLE}); the command line passes {@code System.getenv()}.
         *     Default: none, send without logging in
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * @param channel a channel of your own, besides the e-mail and webhook ones
         * @return this builder
         */
        public Builder channel(AlertChannel channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /**
         * Sets what a settings file says (see {@link AlertSettings}); what it leaves out keeps its
         * value. A key this library does not know, a bad value or an SMTP credential in the file is
         * refused with a message naming the file and the key.
         *
         * @param file the file
         * @return this builder
         * @throws IllegalArgumentException when the file is missing or wrong
         */
        public Builder load(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("No alert settings file at " + file, e);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("Cannot read the alert settings " + file + ": " + e.getMessage(), e);
            }
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                String value = properties.getProperty(key).strip();
                try {
                    set(key, value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + key + ": " + e.getMessage(), e);
                }
            }
            return this;
        }

        private void set(String key, String value) {
            if (key.startsWith("smtp.") && (key.contains("user") || key.contains("password"))) {
                throw new IllegalArgumentException("SMTP credentials are read from the environment only ("
                        + EmailChannel.USER_VARIABLE + ", " + EmailChannel.PASSWORD_VARIABLE + "), never from a file");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("not a setting; the settings are " + new TreeSet<>(KEYS));
            }
            switch (key) {
                case "rules" -> {
                    Set<AlertRule> chosen = EnumSet.noneOf(AlertRule.class);
                    for (String rule : list(value)) {
                        chosen.add(AlertRule.ofKey(rule));
                    }
                    rules(chosen);
                }
                case "failure-rate.days" -> failureRate(whole(value), failureRatePercent);
                case "failure-rate.percent" -> failureRate(failureRateDays, number(value));
                case "outage.hours" -> outageHours(whole(value));
                case "stale.hours" -> staleHours(whole(value));
                case "drop.percent" -> dropPercent(number(value));
                case "webhook.url" -> list(value).forEach(url -> webhook(uri(url)));
                case "email.to" -> emailTo(list(value));
                case "email.from" -> emailFrom(value);
                case "smtp" -> smtp(value);
                case "smtp.require-starttls" -> requireStartTls(bool(value));
                case "delivery.attempts" -> delivery(whole(value), retryDelay);
                case "delivery.retry-seconds" -> delivery(deliveryAttempts, Duration.ofSeconds(whole(value)));
                case "delivery.timeout-seconds" -> timeout(Duration.ofSeconds(whole(value)));
                default -> throw new IllegalStateException("A known key without a setter: " + key);
            }
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException when e-mail recipients are given without an SMTP server
         */
        public AlertSettings build() {
            List<AlertChannel> all = new ArrayList<>();
            if (!emailTo.isEmpty()) {
                if (smtpHost == null) {
                    throw new IllegalArgumentException("E-mail alerts need an SMTP server (--smtp HOST:PORT, or smtp ="
                            + " HOST:PORT in the alert settings)");
                }
                all.add(EmailChannel.builder(smtpHost, smtpPort)
                        .from(emailFrom)
                        .to(emailTo)
                        .credentials(
                                blankToNull(environment.get(EmailChannel.USER_VARIABLE)),
                                environment.get(EmailChannel.PASSWORD_VARIABLE))
                        .requireStartTls(requireStartTls)
                        .timeout(timeout)
                        .build());
            }
            for (URI webhook : webhooks) {
                all.add(WebhookChannel.of(webhook, timeout));
            }
            all.addAll(channels);
            return new AlertSettings(this, all);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        private static int atLeast(int min, int value, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
            }
            return value;
        }

        private static double percent(double value, String name) {
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException(name + " must be 0 to 100, not " + value);
            }
            return value;
        }

        private static List<String> list(String value) {
            return Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(item -> !item.isEmpty())
                    .toList();
        }

        private static int whole(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
            }
        }

        private static double number(String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a number", e);
            }
        }

        private static boolean bool(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
            };
        }

        private static URI uri(String value) {
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' is not an address", e);
            }
        }
    }
}
