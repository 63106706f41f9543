package org.sensorsandmore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ReadingTest {
    private static final LocalDateTime NINE = LocalDateTime.of(2024, 7, 1, 9, 0);

    @Test
    void legacyCountsMapToStatuses() {
        assertThat(Reading.ofLegacyCount("Paris", 3, NINE, 6912).visits()).isEqualTo(6912);
        assertThat(Reading.ofLegacyCount("Paris", 3, NINE, -1).status()).isEqualTo(ReadingStatus.FAILED);
        assertThat(Reading.ofLegacyCount("Paris", 3, NINE, -2).status()).isEqualTo(ReadingStatus.NOT_OPEN);
        assertThat(Reading.failed("Paris", 3, NINE).legacyCount()).isEqualTo(-1);
        assertThatThrownBy(() -> Reading.ofLegacyCount("Paris", 3, NINE, -3)).hasMessageContaining("-3");
    }

    @Test
    void failedReadingCannotCarryVisits() {
        assertThatThrownBy(() -> new Reading("Paris", 0, NINE, ReadingStatus.FAILED, 5, false))
                .hasMessageContaining("FAILED reading has no visits");
    }

    @Test
    void batchKeepsEveryColumn() {
        ReadingBatch batch = ReadingBatch.create(1);
        Reading ok = new Reading("Paris", 3, NINE, ReadingStatus.OK, 6912, true);
        Reading failed = Reading.failed("Roma", 1, NINE.plusHours(1));
        Reading notOpen = new Reading("Paris", 0, NINE, ReadingStatus.NOT_OPEN, 0, false);
        batch.add(ok);
        batch.add(failed);
        batch.add(notOpen);

        assertThat(batch.toList()).containsExactly(ok, failed, notOpen);
        assertThat(batch.storeNames()).containsExactly("Paris", "Roma");
        assertThat(batch.legacyCount(1)).isEqualTo(-1);
        assertThat(batch.legacyCount(2)).isEqualTo(-2);
        assertThatThrownBy(() -> batch.visits(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
