package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.retry.RetryPolicy;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.pipeline.PipelineScheduler;
import org.sensorsandmore.sql.pipeline.RunStatus;

/** The pipeline over an HTTP client: how far the layers of retries go, and the run log counting each attempt. */
class PipelineAttemptsTest {
    private static final HourWindow DAY = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2));

    @Test
    void withTheDefaultsARequestIsSentAtMost15TimesAChunkAnd60TimesASlot() {
        assertThat(RetryPolicy.worstCaseAttempts(FetchConfig.DEFAULT_RETRY, Pipeline.DEFAULT_RETRY))
                .isEqualTo(15);
        assertThat(RetryPolicy.worstCaseAttempts(
                        FetchConfig.defaults().retry(), Pipeline.DEFAULT_RETRY, PipelineScheduler.DEFAULT_RETRY))
                .isEqualTo(60);
    }

    @Test
    void attemptsInTheRunLogCountEveryRequestTheClientSentForAOneChunkRun() throws IOException {
        // 7 failures: the client's 5 attempts fail, the pipeline retries the chunk, whose 3rd request passes.
        FetchConfig config = FetchConfig.builder().sleeper(duration -> {}).build();
        PipelineRun run;
        try (FailingFirstProxy proxy = FailingFirstProxy.start(7);
                HttpTrafficClient client = HttpTrafficClient.create(proxy.uri(), config);
                Warehouse warehouse = Warehouse.inMemory()) {
            run = Pipeline.builder(client, warehouse)
                    .retry(new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO))
                    .build()
                    .ingest(DAY);

            assertThat(proxy.readingRequests()).isEqualTo(8);
        }

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempts()).isEqualTo(8);
        assertThat(run.fetched()).isEqualTo(24 * 39);
    }
}
