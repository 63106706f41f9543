package org.sensorsandmore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class HourWindowTest {
    private static final LocalDateTime JULY_1 = LocalDateTime.of(2024, 7, 1, 0, 0);

    @Test
    void windowOfDaysCountsItsHours() {
        HourWindow july = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));
        assertThat(july.hours()).isEqualTo(744);
        assertThat(july.contains(JULY_1)).isTrue();
        assertThat(july.contains(LocalDateTime.of(2024, 8, 1, 0, 0))).isFalse();
    }

    @Test
    void endBeforeStartIsRejected() {
        assertThatThrownBy(() -> HourWindow.of(JULY_1, JULY_1.minusHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its start");
    }

    @Test
    void partialHoursAreRejected() {
        assertThatThrownBy(() -> HourWindow.of(JULY_1.plusMinutes(5), JULY_1.plusHours(2)))
                .hasMessageContaining("from must be a whole hour");
    }

    @Test
    void chunksCoverTheWindowInOrder() {
        HourWindow window = HourWindow.of(JULY_1, JULY_1.plusHours(10));
        assertThat(window.chunks(4))
                .containsExactly(
                        HourWindow.of(JULY_1, JULY_1.plusHours(4)),
                        HourWindow.of(JULY_1.plusHours(4), JULY_1.plusHours(8)),
                        HourWindow.of(JULY_1.plusHours(8), JULY_1.plusHours(10)));
        assertThat(HourWindow.of(JULY_1, JULY_1).chunks(4)).isEmpty();
    }

    @Test
    void epochHoursRoundTrip() {
        for (LocalDateTime hour : new LocalDateTime[] {
            LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(1969, 12, 31, 23, 0), JULY_1, Hours.MAX
        }) {
            assertThat(Hours.ofEpochHour(Hours.toEpochHour(hour))).isEqualTo(hour);
        }
        assertThat(Hours.toEpochHour(LocalDateTime.of(1970, 1, 2, 3, 0))).isEqualTo(27);
    }

    @Test
    void intersectionOfDisjointWindowsIsEmpty() {
        HourWindow a = HourWindow.of(JULY_1, JULY_1.plusHours(2));
        HourWindow b = HourWindow.of(JULY_1.plusHours(5), JULY_1.plusHours(7));
        assertThat(a.intersect(b).isEmpty()).isTrue();
        assertThat(a.intersect(HourWindow.of(JULY_1.plusHours(1), JULY_1.plusHours(9))))
                .isEqualTo(HourWindow.of(JULY_1.plusHours(1), JULY_1.plusHours(2)));
    }
}
