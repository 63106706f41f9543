package org.sensorsandmore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingSinkTest {
    private static final HourWindow NINE = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));

    /** Records the windows it is told are retried. */
    private static final class Retries implements ReadingSink {
        final List<HourWindow> windows = new ArrayList<>();

        @Override
        public void accept(ReadingBatch batch) {}

        @Override
        public void retrying(HourWindow window) {
            windows.add(window);
        }
    }

    @Test
    void aChainedSinkPassesEachRetryToBothSinks() {
        Retries first = new Retries();
        Retries second = new Retries();

        first.andThen(second).retrying(NINE);

        assertThat(first.windows).containsExactly(NINE);
        assertThat(second.windows).containsExactly(NINE);
    }
}
