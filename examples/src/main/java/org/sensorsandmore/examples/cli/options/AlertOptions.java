package org.sensorsandmore.examples.cli.options;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sensorsandmore.sql.alerts.AlertReport;
import org.sensorsandmore.sql.alerts.AlertSettings;
import org.sensorsandmore.sql.alerts.EmailChannel;
import org.sensorsandmore.sql.alerts.Incident;
import picocli.CommandLine.Option;

/**
 * The alert options of the commands that run the pipeline ({@code pipeline}, {@code demo}): the
 * default rules always, channels and thresholds when asked. SMTP credentials come from the
 * environment only ({@value EmailChannel#USER_VARIABLE}, {@value EmailChannel#PASSWORD_VARIABLE}).
 */
public final class AlertOptions {
    @Option(
            names = "--alerts",
            paramLabel = "FILE",
            description = "Alert rules, thresholds and channels (key = value lines; see docs/alerts.md). Default: every"
                    + " rule at its default threshold, incidents kept in the database.")
    Path file;

    @Option(
            names = "--alert-webhook",
            paramLabel = "URL",
            description = "POST each alert and recovery as JSON to this address (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(
            names = "--alert-email",
            paramLabel = "TO",
            split = ",",
            description = "E-mail each alert and recovery to these addresses (with --smtp; user and password from"
                    + " $" + EmailChannel.USER_VARIABLE + " and $" + EmailChannel.PASSWORD_VARIABLE + ").")
    List<String> emailTo = new ArrayList<>();

    @Option(
            names = "--smtp",
            paramLabel = "HOST:PORT",
            description = "The SMTP server of --alert-email; STARTTLS whenever it offers it.")
    String smtp;

    @Option(names = "--no-alerts", description = "Evaluate no alert rule.")
    boolean off;

    /** Where SMTP credentials are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    /**
     * @return the settings the options make, or null with {@code --no-alerts}
     * @throws IllegalArgumentException when the file or an option is wrong
     */
    public AlertSettings settings() {
        if (off) {
            if (file != null || !webhooks.isEmpty() || !emailTo.isEmpty() || smtp != null) {
                throw new IllegalArgumentException("--no-alerts goes with no other alert option");
            }
            return null;
        }
        AlertSettings.Builder builder = AlertSettings.builder().environment(environment);
        if (file != null) {
            builder.load(file);
        }
        for (String webhook : webhooks) {
            builder.webhook(webhook(webhook));
        }
        if (smtp != null) {
            builder.smtp(smtp);
        }
        if (!emailTo.isEmpty()) {
            builder.emailTo(emailTo);
        }
        return builder.build();
    }

    private static URI webhook(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--alert-webhook must be an http:// or https:// address");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--alert-webhook is not an address", e);
        }
    }

    /** Prints what an evaluation changed, one line, when it changed something or notices wait. */
    public static void report(PrintWriter err, AlertReport report) {
        if (report.opened().isEmpty() && report.closed().isEmpty() && report.pending() == 0) {
            return;
        }
        err.printf(
                Locale.ROOT,
                "Alerts: %d opened%s, %d recovered%s; %d notice%s delivered, %d waiting for the next run%n",
                report.opened().size(),
                subjects(report.opened()),
                report.closed().size(),
                subjects(report.closed()),
                report.delivered(),
                report.delivered() == 1 ? "" : "s",
                report.pending());
        err.flush();
    }

    private static String subjects(List<Incident> incidents) {
        if (incidents.isEmpty()) {
            return "";
        }
        List<String> shown = incidents.stream()
                .limit(3)
                .map(incident -> incident.rule().key() + " " + incident.subject())
                .toList();
        return " (" + String.join(", ", shown) + (incidents.size() > 3 ? ", …" : "") + ")";
    }
}
