package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.http.api.ApiServerConfig;

class FetchConfigTest {

    @Test
    void backoffDoublesUpToItsCapWithTheJitterShareDrawn() {
        FetchConfig config = FetchConfig.builder()
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))
                .jitter(0.5)
                .build();
        assertThat(config.retry().delayBefore(2, 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(config.retry().delayBefore(2, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(config.retry().delayBefore(3, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(config.retry().delayBefore(5, 1.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(config.retry().delayBefore(6, 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retry().delayBefore(501, 1.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> FetchConfig.builder().maxAttempts(0).build())
                .hasMessage("maxAttempts must be at least 1, not 0");
        assertThatThrownBy(() -> FetchConfig.builder().jitter(1.5).build())
                .hasMessage("jitter must lie in [0, 1], not 1.5");
        assertThatThrownBy(() -> FetchConfig.builder().concurrency(1000).build())
                .hasMessage("concurrency must be at most 256, not 1000");
        assertThatThrownBy(() -> FetchConfig.builder()
                        .initialBackoff(Duration.ofSeconds(10))
                        .build())
                .hasMessageContaining("must not be shorter than initialBackoff");
        assertThatThrownBy(() ->
                        FetchConfig.builder().connectTimeout(Duration.ZERO).build())
                .hasMessage("connectTimeout must be positive, not PT0S");
        assertThatThrownBy(
                        () -> FetchConfig.builder().chunkDeadline(Duration.ZERO).build())
                .hasMessage("chunkDeadline must be positive, not PT0S");
    }

    @Test
    void serverConfigDefaultsAreLoopbackAndNoFaults() {
        ApiServerConfig config = ApiServerConfig.builder().build();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.injectsFaults()).isFalse();
        assertThat(config.pinnedNow()).isEmpty();
        assertThatThrownBy(() -> ApiServerConfig.builder().cutRate(-0.1).build())
                .hasMessage("cutRate must lie in [0, 1], not -0.1");
        assertThatThrownBy(() -> ApiServerConfig.builder().port(70000).build())
                .hasMessage("port must be 0 to 65535, not 70000");
        assertThatThrownBy(() -> ApiServerConfig.builder().maxWindowHours(0).build())
                .hasMessage("maxWindowHours must be at least 1, not 0");
    }
}
