package org.sensorsandmore.examples.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;

/** Every hour of the command line, --window's ends included, goes through one parser. */
class HourArgumentTest {
    private static final LocalDateTime NINE = LocalDateTime.of(2024, 7, 1, 9, 0);

    @Test
    void anHourMayBeWrittenWithZeroMinutesSecondsAndFraction() {
        HourArgument hours = new HourArgument();
        for (String text : new String[] {
            "2024-07-01T09", "2024-07-01 9", "2024-07-01T09:00", "2024-07-01T09:00:00", "2024-07-01T09:00:00.000"
        }) {
            assertThat(hours.convert(text)).as(text).isEqualTo(NINE);
        }
        assertThat(hours.convert("2024-07-01")).isEqualTo(NINE.withHour(0));
    }

    @Test
    void anHourThatIsNotWholeIsToldSoInEveryOption() {
        assertThatThrownBy(() -> new HourArgument().convert("2024-07-01T09:30"))
                .hasMessage("'2024-07-01T09:30' must be a whole hour (minutes and seconds 0)");
        assertThatThrownBy(() -> HourArgument.parseWindow("2024-07-01T09:00:00.5/2024-07-01T10"))
                .hasMessage("--window 2024-07-01T09:00:00.5/2024-07-01T10: '2024-07-01T09:00:00.5' must be a whole"
                        + " hour (minutes and seconds 0)");
    }

    @Test
    void onlyWindowEndsTakeAnOffsetAndDropIt() {
        assertThat(HourArgument.parseWindow("2024-07-01T09:00:00+00:00/2024-07-01T10:00:00Z"))
                .isEqualTo(HourWindow.of(NINE, NINE.plusHours(1)));
        assertThatThrownBy(() -> new HourArgument().convert("2024-07-01T09:00+02:00"))
                .hasMessage("'2024-07-01T09:00+02:00' is not a date or hour: use YYYY-MM-DD or YYYY-MM-DDTHH");
    }

    @Test
    void aBadDateOrHourIsNamed() {
        assertThatThrownBy(() -> new HourArgument().convert("2024-02-30"))
                .hasMessage("'2024-02-30' is not a valid date");
        assertThatThrownBy(() -> new HourArgument().convert("2024-07-01T24"))
                .hasMessage("'2024-07-01T24': the hour must be 0 to 23");
        assertThatThrownBy(() -> HourArgument.parseWindow("2024-07-01T09/soon"))
                .hasMessage(
                        "--window 2024-07-01T09/soon: 'soon' is not a date or hour: use YYYY-MM-DD or YYYY-MM-DDTHH");
    }
}
