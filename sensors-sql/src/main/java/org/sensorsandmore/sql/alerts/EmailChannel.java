package org.sensorsandmore.sql.alerts;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.sensorsandmore.core.check.Require;

/**
 * Sends each notice as a plain-text e-mail over SMTP (Eclipse Angus Mail). STARTTLS is used
 * whenever the server offers it, and can be required; a user name and password, when given, are
 * sent only after it. Credentials come from the caller (the command line reads them from the
 * environment, {@link #USER_VARIABLE} and {@link #PASSWORD_VARIABLE}); they are never part of
 * {@link #id()} or {@link #toString()}.
 *
 * <pre>{@code
 * EmailChannel mail = EmailChannel.builder("smtp.example.com", 587)
 *         .from("sensors@example.com")
 *         .to(List.of("owner@example.com"))
 *         .credentials(System.getenv(EmailChannel.USER_VARIABLE), System.getenv(EmailChannel.PASSWORD_VARIABLE))
 *         .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class EmailChannel implements AlertChannel {
    /** The environment variable the command line reads the SMTP user name from. */
    public static final String USER_VARIABLE = "SENSORS_SMTP_USER";

    /** The environment variable the command line reads the SMTP password from. */
    public static final String PASSWORD_VARIABLE = "SENSORS_SMTP_PASSWORD";

    /** The sender unless told otherwise. */
    public static final String DEFAULT_FROM = "sensors-alerts@localhost";

    /** How long connecting, and each read or write, may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final InternetAddress from;
    private final List<InternetAddress> to;
    private final String user;
    private final String password;
    private final boolean requireStartTls;
    private final Duration timeout;

    private EmailChannel(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.from = address(builder.from, "from");
        if (builder.to.isEmpty()) {
            throw new IllegalArgumentException("An e-mail channel needs at least one recipient");
        }
        List<InternetAddress> recipients = new ArrayList<>();
        for (String recipient : builder.to) {
            recipients.add(address(recipient, "to"));
        }
        this.to = List.copyOf(recipients);
        this.user = builder.user;
        this.password = builder.password;
        this.requireStartTls = builder.requireStartTls;
        this.timeout = builder.timeout;
    }

    /**
     * @param host the SMTP server
     * @param port its port (587 for submission with STARTTLS, 25 for relay)
     * @return a builder with {@link #DEFAULT_FROM}, no credentials, STARTTLS when offered and
     *     {@link #DEFAULT_TIMEOUT}
     */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    @Override
    public String id() {
        return "email "
                + String.join(",", to.stream().map(InternetAddress::getAddress).toList()) + " via " + host + ":" + port;
    }

    @Override
    public void deliver(AlertNotice notice) throws IOException {
        Session session = Session.getInstance(properties(), authenticator());
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
            message.setSubject(notice.subject(), StandardCharsets.UTF_8.name());
            message.setText(notice.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(java.time.Instant.now()));
            // A receiver (or a mail filter) can tell a repeated delivery by this header.
            message.setHeader("X-Sensors-Notice-Id", notice.id());
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IOException("Cannot send the notice by " + id() + ": " + firstLine(e), e);
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        // Upgrade to TLS when the server offers it; with requireStartTls, refuse a server that does not.
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(requireStartTls));
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        properties.setProperty("mail.smtp.auth", Boolean.toString(user != null));
        String millis = Long.toString(timeout.toMillis());
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        return properties;
    }

    private Authenticator authenticator() {
        if (user == null) {
            return null;
        }
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, password);
            }
        };
    }

    @Override
    public String toString() {
        // Never the password: this may be logged.
        return id() + (user == null ? "" : " as " + user + " (password hidden)");
    }

    private static InternetAddress address(String text, String what) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("Not an e-mail address for " + what + ": '" + text + "'", e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * Builds an {@link EmailChannel}; values are checked as they are set, the addresses when built.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private String from = DEFAULT_FROM;
        private List<String> to = List.of();
        private String user;
        private String password;
        private boolean requireStartTls;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("The SMTP host cannot be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("The SMTP port must be 1 to 65535, not " + port);
            }
            this.port = port;
        }

        /**
         * @param from the sender's address
         * @return this builder
         */
        public Builder from(String from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /**
         * @param to the recipients, at least one
         * @return this builder
         */
        public Builder to(List<String> to) {
            this.to = List.copyOf(to);
            return this;
        }

        /**
         * @param user the SMTP user name, or null to send without logging in
         * @param password its password; required with a user
         * @return this builder
         */
        public Builder credentials(String user, String password) {
            if (user != null && password == null) {
                throw new IllegalArgumentException("An SMTP user needs a password (" + PASSWORD_VARIABLE + ")");
            }
            this.user = user;
            this.password = user == null ? null : password;
            return this;
        }

        /**
         * @param require whether to refuse a server that does not offer STARTTLS (default: use it
         *     when offered)
         * @return this builder
         */
        public Builder requireStartTls(boolean require) {
            this.requireStartTls = require;
            return this;
        }

        /**
         * @param timeout how long connecting, and each read or write, may take; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Require.positive(timeout, "The SMTP timeout");
            return this;
        }

        /** @return the channel */
        public EmailChannel build() {
            return new EmailChannel(this);
        }
    }
}
