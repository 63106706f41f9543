package org.sensorsandmore.sql.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;

/**
 * Notices delivered to a real SMTP server (GreenMail) and a real HTTP receiver, both on 127.0.0.1,
 * through the pipeline: exactly once each, and late but once when a channel was down.
 */
class AlertDeliveryTest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 7, 1);
    /** Sensor 1 fails from 10:00 to 13:00 of the fifteenth day. */
    private static final LocalDateTime OUTAGE_FROM = FIRST_DAY.plusDays(14).atTime(10, 0);

    private static final LocalDateTime OUTAGE_TO = OUTAGE_FROM.plusHours(4);

    private final Warehouse warehouse = Warehouse.inMemory();
    private final List<String> posts = Collections.synchronizedList(new ArrayList<>());
    private volatile int webhookStatus = 200;
    private HttpServer receiver;
    private GreenMail smtp;
    private int smtpPort;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (webhookStatus == 200) {
                    posts.add(text);
                }
            }
            exchange.sendResponseHeaders(webhookStatus, -1);
            exchange.close();
        });
        receiver.start();
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            smtpPort = free.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        smtp.stop();
        warehouse.close();
    }

    /** Two sensors counting 10 an hour, every hour; sensor 1 fails during the outage. */
    private static final class HandMadeClient implements TrafficClient {
        private final Store store = Store.builder("Lyon")
                .zone(ZoneOffset.UTC)
                .opened(FIRST_DAY.atStartOfDay())
                .sensors(2)
                .build();

        @Override
        public StoreNetwork network() {
            return StoreNetwork.of(store);
        }

        @Override
        public void readings(HourWindow window, java.util.Collection<String> stores, ReadingSink sink) {
            ReadingBatch batch = ReadingBatch.create((int) window.hours() * 2 + 1);
            for (LocalDateTime hour = window.from(); hour.isBefore(window.to()); hour = hour.plusHours(1)) {
                boolean out = !hour.isBefore(OUTAGE_FROM) && hour.isBefore(OUTAGE_TO);
                batch.add(Reading.ok("Lyon", 0, hour, 10));
                batch.add(out ? Reading.failed("Lyon", 1, hour) : Reading.ok("Lyon", 1, hour, 10));
            }
            sink.accept(batch);
        }
    }

    private Pipeline pipeline(AlertSettings settings) {
        return Pipeline.builder(new HandMadeClient(), warehouse)
                .since(FIRST_DAY.atStartOfDay())
                .alerts(settings)
                .build();
    }

    private AlertSettings.Builder settings() {
        return AlertSettings.builder()
                .webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))
                .emailTo(List.of("owner@example.com"))
                .emailFrom("sensors@example.com")
                .smtp("127.0.0.1:" + smtpPort)
                .delivery(2, Duration.ofMillis(10))
                .timeout(Duration.ofSeconds(5));
    }

    private MimeMessage[] mails() {
        return smtp.getReceivedMessages();
    }

    @Test
    void sensorDrivenIntoFailureSendsOneEmailAndOneWebhookCallThenOneRecoveryNotice() throws Exception {
        smtp.start();
        Pipeline pipeline = pipeline(settings().build()); // the default rules
        // Hour by hour, as the hourly schedule runs it.
        for (LocalDateTime now = OUTAGE_FROM.minusHours(1);
                !now.isAfter(OUTAGE_TO.plusHours(3));
                now = now.plusHours(1)) {
            pipeline.catchUp(now);
            if (now.equals(OUTAGE_FROM.plusHours(3))) {
                assertThat(mails()).as("the third failed hour is stored").hasSize(1);
                assertThat(posts).hasSize(1);
            }
        }
        assertThat(mails()).hasSize(2);
        assertThat(mails()[0].getSubject()).isEqualTo("[sensors] Alert outage: Lyon sensor 1");
        assertThat(mails()[1].getSubject()).isEqualTo("[sensors] Recovered outage: Lyon sensor 1");
        assertThat(mails()[0].getAllRecipients()[0].toString()).isEqualTo("owner@example.com");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0))
                .contains("\"notice_id\":\"1-opened\"", "\"event\":\"opened\"", "\"rule\":\"outage\"")
                .contains("\"store\":\"Lyon\"", "\"sensor_id\":1", "\"since\":\"2024-07-15T10:00\"");
        assertThat(posts.get(1)).contains("\"notice_id\":\"1-recovered\"", "\"event\":\"recovered\"");
        assertThat(Alerts.incidents(warehouse, 10)).singleElement().matches(incident -> !incident.isOpen());
    }

    @Test
    void channelsThatAreDownDeliverTheirNoticesOnALaterRunOnceAndTheIngestGoesOn() throws Exception {
        webhookStatus = 503; // the receiver refuses; the SMTP server is not started: connection refused
        Pipeline pipeline = pipeline(settings().build());
        pipeline.catchUp(OUTAGE_FROM.plusHours(3));
        assertThat(Alerts.incidents(warehouse, 10))
                .as("opened although nothing was delivered")
                .hasSize(1);
        pipeline.catchUp(OUTAGE_FROM.plusHours(4));
        assertThat(warehouse.coverage().get(0).lastHour())
                .as("the ingest went on")
                .isEqualTo(OUTAGE_FROM.plusHours(3));
        assertThat(posts).isEmpty();

        webhookStatus = 200;
        smtp.start();
        pipeline.catchUp(OUTAGE_FROM.plusHours(5)); // 13:00 failed: still open, nothing new
        pipeline.catchUp(OUTAGE_FROM.plusHours(6));
        pipeline.catchUp(OUTAGE_FROM.plusHours(7));
        assertThat(mails()).as("the opening, late, then the recovery").hasSize(2);
        assertThat(mails()[0].getSubject()).startsWith("[sensors] Alert outage");
        assertThat(mails()[1].getSubject()).startsWith("[sensors] Recovered outage");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0)).contains("\"event\":\"opened\"");
        assertThat(posts.get(1)).contains("\"event\":\"recovered\"");
    }

    @Test
    void smtpCredentialsComeFromTheEnvironmentAndAreNeverShown() {
        AlertSettings settings = settings()
                .environment(Map.of(EmailChannel.USER_VARIABLE, "owner", EmailChannel.PASSWORD_VARIABLE, "s3cret"))
                .build();
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(settings.channels()).allSatisfy(channel -> {
            assertThat(channel.toString()).doesNotContain("s3cret");
            assertThat(channel.id()).doesNotContain("s3cret");
        });
    }

    @Test
    void aWebhookWithATokenInItsPathIsStoredUnderAHashNotTheToken() {
        WebhookChannel channel = WebhookChannel.of(URI.create("https://hooks.example.com/services/T0/B0/XyZtoken"));
        assertThat(channel.id())
                .startsWith("webhook https://hooks.example.com #")
                .doesNotContain("XyZtoken");
    }

    @Test
    void settingsFileSetsRulesThresholdsAndChannelsAndRefusesCredentialsAndUnknownKeys(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("alerts.properties");
        java.nio.file.Files.writeString(
                file,
                "# thresholds\nrules = outage, stale\noutage.hours = 5\nstale.hours = 2\n"
                        + "webhook.url = http://127.0.0.1:9/hook\n");
        AlertSettings settings = AlertSettings.builder().load(file).build();
        assertThat(settings.rules()).isEqualTo(Set.of(AlertRule.OUTAGE, AlertRule.STALE));
        assertThat(settings.outageHours()).isEqualTo(5);
        assertThat(settings.staleHours()).isEqualTo(2);
        assertThat(settings.failureRateDays()).isEqualTo(AlertSettings.DEFAULT_FAILURE_RATE_DAYS);
        assertThat(settings.channels()).singleElement().isInstanceOf(WebhookChannel.class);

        java.nio.file.Files.writeString(file, "smtp.password = hunter2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AlertSettings.builder().load(file))
                .hasMessageContaining("smtp.password")
                .hasMessageContaining(EmailChannel.PASSWORD_VARIABLE)
                .hasMessageNotContaining("hunter2");
        java.nio.file.Files.writeString(file, "outage.hour = 5\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AlertSettings.builder().load(file))
                .hasMessageContaining("outage.hour: not a setting");
    }
}
