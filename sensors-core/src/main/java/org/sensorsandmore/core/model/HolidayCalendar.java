package org.sensorsandmore.core.model;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Tells which days are public holidays, on which the footfall model keeps stores closed.
 *
 * <p>A calendar is a function, so a test or a user with a regional calendar can pass a lambda:
 *
 * <pre>{@code
 * HolidayCalendar paris = HolidayCalendar.forZone(ZoneId.of("Europe/Paris"));
 * paris.isHoliday(LocalDate.of(2024, 4, 1));    // true: Easter Monday
 * HolidayCalendar withSales = paris.or(date -> date.equals(LocalDate.of(2024, 6, 26)));
 * }</pre>
 *
 * <p>The built-in calendars are national ones (no regional or local days), computed from rules:
 * fixed dates plus days that follow Easter, whose date comes from the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher), so they hold for any year.
 *
 * <table>
 *   <caption>Built-in calendars</caption>
 *   <tr><th>zone</th><th>country</th><th>days</th></tr>
 *   <tr><td>Europe/Madrid</td><td>Spain</td><td>1 Jan, 6 Jan, Good Friday, 1 May, 15 Aug, 12 Oct,
 *       1 Nov, 6 Dec, 8 Dec, 25 Dec</td></tr>
 *   <tr><td>Europe/Paris</td><td>France</td><td>1 Jan, Easter Monday, 1 May, 8 May, Ascension,
 *       Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec</td></tr>
 *   <tr><td>Europe/Berlin</td><td>Germany</td><td>1 Jan, Good Friday, Easter Monday, 1 May,
 *       Ascension, Whit Monday, 3 Oct (from 1990), 25 Dec, 26 Dec</td></tr>
 *   <tr><td>Europe/Rome</td><td>Italy</td><td>1 Jan, 6 Jan, Easter Monday, 25 Apr, 1 May, 2 Jun,
 *       15 Aug, 1 Nov, 8 Dec, 25 Dec, 26 Dec</td></tr>
 *   <tr><td>Europe/London, GB</td><td>England and Wales</td><td>bank holidays: New Year's Day,
 *       Good Friday, Easter Monday, early May (first Monday), spring (last Monday of May), summer
 *       (last Monday of August), Christmas Day, Boxing Day; a weekend New Year's, Christmas or
 *       Boxing Day is a holiday too, and so is its substitute weekday; with the moved and extra days
 *       of 1995, 1999, 2002, 2011, 2012, 2020, 2022 and 2023</td></tr>
 * </table>
 *
 * <p>Implementations must be pure functions and thread-safe; the built-in ones are immutable.
 */
@FunctionalInterface
public interface HolidayCalendar {

    /**
     * @param date a store-local date
     * @return whether it is a public holiday
     */
    boolean isHoliday(LocalDate date);

    /**
     * @param other another calendar
     * @return a calendar whose holidays are those of this one and of {@code other}
     */
    default HolidayCalendar or(HolidayCalendar other) {
        Objects.requireNonNull(other, "other");
        return date -> isHoliday(date) || other.isHoliday(date);
    }

    /** @return a calendar without holidays */
    static HolidayCalendar none() {
        return date -> false;
    }

    /**
     * The national calendar of the country a time zone belongs to, for the zones in the table above.
     *
     * @param zone a time zone
     * @return its country's calendar, or {@link #none()} for a zone without a built-in calendar
     */
    static HolidayCalendar forZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        HolidayCalendar calendar = NationalHolidays.forZoneId(zone.getId());
        return calendar != null ? calendar : none();
    }
}
