package org.sensorsandmore.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy DOUBLING = new RetryPolicy(5, Duration.ofMillis(100), 2, Duration.ofSeconds(1));

    @Test
    void waitGrowsByTheMultiplierUpToItsCap() {
        assertThat(DOUBLING.delayBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(DOUBLING.delayBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(DOUBLING.delayBefore(5)).isEqualTo(Duration.ofMillis(800));
        assertThat(DOUBLING.delayBefore(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DOUBLING.delayBefore(5_000)).isEqualTo(Duration.ofSeconds(1));
        RetryPolicy slower = new RetryPolicy(4, Duration.ofMillis(10), 1.5, Duration.ofMinutes(1));
        assertThat(slower.delayBefore(4)).isEqualTo(Duration.ofMillis(22).plusNanos(500_000));
    }

    @Test
    void jitterScalesItsShareOfTheWaitByTheDraw() {
        RetryPolicy spread = DOUBLING.withJitter(0.5, 7);
        assertThat(spread.delayBefore(2, 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(spread.delayBefore(2, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(spread.delayBefore(3, 0.5)).isEqualTo(Duration.ofMillis(150));
        assertThat(spread.delayBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(DOUBLING.delayBefore(3, 0.0)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void onlyAnAttemptAfterTheFirstWaits() {
        assertThatThrownBy(() -> DOUBLING.delayBefore(1)).hasMessageContaining("not attempt 1");
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO))
                .hasMessage("maxAttempts must be at least 1, not 0");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(10), 2, Duration.ofSeconds(5)))
                .hasMessage("maxBackoff PT5S must not be shorter than initialBackoff PT10S");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(-1), 2, Duration.ofSeconds(5)))
                .hasMessage("initialBackoff must be 0 or more, not PT-1S");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, 0.5, Duration.ZERO))
                .hasMessage("multiplier must be a finite number, 1 or more, not 0.5");
        assertThatThrownBy(() -> DOUBLING.withJitter(1.5, 0)).hasMessage("jitter must lie in [0, 1], not 1.5");
    }

    @Test
    void nestedLayersMultiplyTheirAttempts() {
        RetryPolicy chunk = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));
        RetryPolicy run = new RetryPolicy(4, Duration.ofMinutes(1), 2, Duration.ofMinutes(10));
        assertThat(RetryPolicy.worstCaseAttempts(DOUBLING, chunk, run)).isEqualTo(60);
        assertThat(RetryPolicy.worstCaseAttempts(RetryPolicy.NONE)).isEqualTo(1);
        assertThat(RetryPolicy.worstCaseAttempts()).isEqualTo(1);
        RetryPolicy huge = new RetryPolicy(Integer.MAX_VALUE, Duration.ZERO, 1, Duration.ZERO);
        assertThat(RetryPolicy.worstCaseAttempts(huge, huge, huge)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void backoffDrawsItsJitterFromTheSeedAndWaitsThroughItsSleeper() throws InterruptedException {
        RetryPolicy spread = DOUBLING.withJitter(0.5, 42);
        List<Duration> waited = new ArrayList<>();
        Backoff backoff = Backoff.of(spread, waited::add);
        for (int attempt = 2; attempt <= 5; attempt++) {
            backoff.pause(attempt);
        }

        Random draws = new Random(42);
        List<Duration> expected = new ArrayList<>();
        for (int attempt = 2; attempt <= 5; attempt++) {
            expected.add(spread.delayBefore(attempt, draws.nextDouble()));
        }
        assertThat(waited).isEqualTo(expected).doesNotHaveDuplicates();
        assertThat(waited.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void backoffWithoutJitterWaitsThePolicysDelays() throws InterruptedException {
        List<Duration> waited = new ArrayList<>();
        Backoff backoff = Backoff.of(DOUBLING, waited::add);
        backoff.pause(2);
        backoff.pause(3);
        assertThat(waited).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }
}
