package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HolidayCalendarTest {

    @ParameterizedTest
    @CsvSource({
        "2024, 2024-03-31",
        "2025, 2025-04-20",
        "2019, 2019-04-21",
        "2000, 2000-04-23",
        "1818, 1818-03-22",
        "2038, 2038-04-25",
        "1943, 1943-04-25",
        "2285, 2285-03-22"
    })
    void easterSundayFollowsTheGregorianComputus(int year, LocalDate easter) {
        assertThat(NationalHolidays.easterSunday(year)).isEqualTo(easter);
    }

    @Test
    void franceHasElevenHolidaysIn2024() {
        assertThat(holidays("Europe/Paris", 2024))
                .containsExactly(
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 4, 1),
                        LocalDate.of(2024, 5, 1),
                        LocalDate.of(2024, 5, 8),
                        LocalDate.of(2024, 5, 9),
                        LocalDate.of(2024, 5, 20),
                        LocalDate.of(2024, 7, 14),
                        LocalDate.of(2024, 8, 15),
                        LocalDate.of(2024, 11, 1),
                        LocalDate.of(2024, 11, 11),
                        LocalDate.of(2024, 12, 25));
    }

    @Test
    void spainGermanyAndItalyHaveTheirNationalHolidays() {
        assertThat(holidays("Europe/Madrid", 2024))
                .containsExactly(
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 1, 6),
                        LocalDate.of(2024, 3, 29),
                        LocalDate.of(2024, 5, 1),
                        LocalDate.of(2024, 8, 15),
                        LocalDate.of(2024, 10, 12),
                        LocalDate.of(2024, 11, 1),
                        LocalDate.of(2024, 12, 6),
                        LocalDate.of(2024, 12, 8),
                        LocalDate.of(2024, 12, 25));
        assertThat(holidays("Europe/Berlin", 2024))
                .containsExactly(
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 3, 29),
                        LocalDate.of(2024, 4, 1),
                        LocalDate.of(2024, 5, 1),
                        LocalDate.of(2024, 5, 9),
                        LocalDate.of(2024, 5, 20),
                        LocalDate.of(2024, 10, 3),
                        LocalDate.of(2024, 12, 25),
                        LocalDate.of(2024, 12, 26));
        assertThat(holidays("Europe/Rome", 2024))
                .containsExactly(
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 1, 6),
                        LocalDate.of(2024, 4, 1),
                        LocalDate.of(2024, 4, 25),
                        LocalDate.of(2024, 5, 1),
                        LocalDate.of(2024, 6, 2),
                        LocalDate.of(2024, 8, 15),
                        LocalDate.of(2024, 11, 1),
                        LocalDate.of(2024, 12, 8),
                        LocalDate.of(2024, 12, 25),
                        LocalDate.of(2024, 12, 26));
    }

    @Test
    void englandHasItsBankHolidays() {
        assertThat(holidays("Europe/London", 2024))
                .containsExactly(
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 3, 29),
                        LocalDate.of(2024, 4, 1),
                        LocalDate.of(2024, 5, 6),
                        LocalDate.of(2024, 5, 27),
                        LocalDate.of(2024, 8, 26),
                        LocalDate.of(2024, 12, 25),
                        LocalDate.of(2024, 12, 26));
    }

    @Test
    void englandMovesWeekendHolidaysAndKeepsTheOneOffs() {
        // 2022: New Year's Day on a Saturday, the Platinum Jubilee, the Queen's funeral, Christmas on a Sunday.
        assertThat(holidays("Europe/London", 2022))
                .containsExactly(
                        LocalDate.of(2022, 1, 1),
                        LocalDate.of(2022, 1, 3),
                        LocalDate.of(2022, 4, 15),
                        LocalDate.of(2022, 4, 18),
                        LocalDate.of(2022, 5, 2),
                        LocalDate.of(2022, 6, 2),
                        LocalDate.of(2022, 6, 3),
                        LocalDate.of(2022, 8, 29),
                        LocalDate.of(2022, 9, 19),
                        LocalDate.of(2022, 12, 25),
                        LocalDate.of(2022, 12, 26),
                        LocalDate.of(2022, 12, 27));
        HolidayCalendar london = HolidayCalendar.forZone(ZoneId.of("Europe/London"));
        // 2021: Christmas on a Saturday, so Monday 27 and Tuesday 28; 2020: VE day on Friday 8 May.
        assertThat(london.isHoliday(LocalDate.of(2021, 12, 27))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2021, 12, 28))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2020, 5, 8))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2020, 5, 4))).isFalse();
        assertThat(london.isHoliday(LocalDate.of(2020, 12, 28))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2023, 1, 2))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2023, 5, 8))).isTrue();
        assertThat(london.isHoliday(LocalDate.of(2024, 1, 2))).isFalse();
    }

    @Test
    void unknownZonesAndNoneHaveNoHolidays() {
        assertThat(holidays("America/New_York", 2024)).isEmpty();
        assertThat(holidays("UTC", 2024)).isEmpty();
        assertThat(HolidayCalendar.none().isHoliday(LocalDate.of(2024, 12, 25))).isFalse();
    }

    @Test
    void orJoinsTwoCalendars() {
        LocalDate sales = LocalDate.of(2024, 6, 26);
        HolidayCalendar paris = HolidayCalendar.forZone(ZoneId.of("Europe/Paris"));
        HolidayCalendar joined = paris.or(sales::equals);
        assertThat(joined.isHoliday(sales)).isTrue();
        assertThat(joined.isHoliday(LocalDate.of(2024, 7, 14))).isTrue();
        assertThat(joined.isHoliday(LocalDate.of(2024, 6, 27))).isFalse();
    }

    private static List<LocalDate> holidays(String zone, int year) {
        HolidayCalendar calendar = HolidayCalendar.forZone(ZoneId.of(zone));
        return Stream.iterate(LocalDate.of(year, 1, 1), day -> day.getYear() == year, day -> day.plusDays(1))
                .filter(calendar::isHoliday)
                .toList();
    }
}
