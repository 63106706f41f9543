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

    /**
     * Every holiday of a year, in order, as month-day: France's eleven; Spain's, Germany's and
     * Italy's national ones; England's bank holidays, and in 2022 its weekend holidays moved to
     * Monday (New Year's Day on a Saturday, Christmas on a Sunday) and its one-offs (the Platinum
     * Jubilee, the Queen's funeral).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Europe/Paris  | 2024 | 01-01 04-01 05-01 05-08 05-09 05-20 07-14 08-15 11-01 11-11 12-25
            Europe/Madrid | 2024 | 01-01 01-06 03-29 05-01 08-15 10-12 11-01 12-06 12-08 12-25
            Europe/Berlin | 2024 | 01-01 03-29 04-01 05-01 05-09 05-20 10-03 12-25 12-26
            Europe/Rome   | 2024 | 01-01 01-06 04-01 04-25 05-01 06-02 08-15 11-01 12-08 12-25 12-26
            Europe/London | 2024 | 01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26
            Europe/London | 2022 | 01-01 01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-25 12-26 12-27
            """)
    void aYearHasItsNationalHolidays(String zone, int year, String monthDays) {
        List<LocalDate> expected = Stream.of(monthDays.split(" "))
                .map(monthDay -> LocalDate.parse(year + "-" + monthDay))
                .toList();
        assertThat(holidays(zone, year)).containsExactlyElementsOf(expected);
    }

    @Test
    void englandMovesWeekendHolidaysAndKeepsTheOneOffs() {
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
