package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.core.retry.RetryPolicy;

/** The clients' retries: their waits, drawn from the seed, go through the sleeper; each is told to the sink. */
class ClientRetriesTest {
    private static final HourWindow DAY = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2));

    /** Keeps the readings, and the windows it is told are retried (from any thread). */
    private static final class Recording implements ReadingSink {
        final List<Reading> readings = new ArrayList<>();
        final List<HourWindow> retried = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(ReadingBatch batch) {
            batch.forEach(readings::add);
        }

        @Override
        public void retrying(HourWindow window) {
            retried.add(window);
        }
    }

    private static List<Reading> expected(HourWindow window, List<String> stores) {
        List<Reading> list = new ArrayList<>();
        SimulatedClient.of(new ClassicModel(), StoreNetwork.original())
                .readings(window, stores, ReadingSink.into(list));
        return list;
    }

    @Test
    void bulkClientWaitsItsSeededBackOffsThroughTheSleeperAndTellsTheSinkOfEachRetry() throws IOException {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), 2, Duration.ofSeconds(1)).withJitter(0.5, 9);
        List<Duration> waited = Collections.synchronizedList(new ArrayList<>());
        FetchConfig config =
                FetchConfig.builder().retry(policy).sleeper(waited::add).build();
        Recording sink = new Recording();
        try (FailingFirstProxy proxy = FailingFirstProxy.start(3);
                HttpTrafficClient client = HttpTrafficClient.create(proxy.uri(), config)) {
            client.readings(DAY, sink);

            assertThat(proxy.readingRequests()).isEqualTo(4);
        }

        Random draws = new Random(9);
        List<Duration> expectedWaits = new ArrayList<>();
        for (int attempt = 2; attempt <= 4; attempt++) {
            expectedWaits.add(policy.delayBefore(attempt, draws.nextDouble()));
        }
        assertThat(waited).isEqualTo(expectedWaits);
        assertThat(sink.retried).containsExactly(DAY, DAY, DAY);
        assertThat(sink.readings).isEqualTo(expected(DAY, List.of()));
    }

    @Test
    void legacyClientTellsTheSinkOfEachRetryOfAnHour() throws IOException {
        HourWindow nine = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        FetchConfig config =
                FetchConfig.builder().concurrency(1).sleeper(duration -> {}).build();
        Recording sink = new Recording();
        try (FailingFirstProxy proxy = FailingFirstProxy.start(2);
                LegacyHttpTrafficClient client =
                        LegacyHttpTrafficClient.create(proxy.uri(), StoreNetwork.original(), config)) {
            client.readings(nine, List.of("Madrid"), sink);

            assertThat(proxy.readingRequests())
                    .isEqualTo(StoreNetwork.original().store("Madrid").sensorCount() + 2);
        }
        assertThat(sink.retried).containsExactly(nine, nine);
        assertThat(sink.readings)
                .hasSize(StoreNetwork.original().store("Madrid").sensorCount());
    }
}
