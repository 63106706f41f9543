package org.sensorsandmore.core.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/** The built-in national calendars behind {@link HolidayCalendar#forZone}; see its table. */
enum NationalHolidays implements HolidayCalendar {
    SPAIN {
        @Override
        public boolean isHoliday(LocalDate date) {
            return switch (monthDay(date)) {
                case 101, 106, 501, 815, 1012, 1101, 1206, 1208, 1225 -> true;
                default -> daysAfterEaster(date) == GOOD_FRIDAY;
            };
        }
    },
    FRANCE {
        @Override
        public boolean isHoliday(LocalDate date) {
            return switch (monthDay(date)) {
                case 101, 501, 508, 714, 815, 1101, 1111, 1225 -> true;
                default -> {
                    int days = daysAfterEaster(date);
                    yield days == EASTER_MONDAY || days == ASCENSION || days == WHIT_MONDAY;
                }
            };
        }
    },
    GERMANY {
        @Override
        public boolean isHoliday(LocalDate date) {
            return switch (monthDay(date)) {
                case 101, 501, 1225, 1226 -> true;
                case 1003 -> date.getYear() >= 1990;
                default -> {
                    int days = daysAfterEaster(date);
                    yield days == GOOD_FRIDAY || days == EASTER_MONDAY || days == ASCENSION || days == WHIT_MONDAY;
                }
            };
        }
    },
    ITALY {
        @Override
        public boolean isHoliday(LocalDate date) {
            return switch (monthDay(date)) {
                case 101, 106, 425, 501, 602, 815, 1101, 1208, 1225, 1226 -> true;
                default -> daysAfterEaster(date) == EASTER_MONDAY;
            };
        }
    },
    /** England and Wales: bank holidays, with substitute days and the government's one-off changes. */
    UNITED_KINGDOM {
        @Override
        public boolean isHoliday(LocalDate date) {
            int year = date.getYear();
            DayOfWeek weekday = date.getDayOfWeek();
            // Fixed days, and the substitute Monday or Tuesday when one falls on a weekend.
            boolean fixed = switch (monthDay(date)) {
                case 101, 1225, 1226 -> true;
                // Monday 2 or 3 January: New Year's Day was on the Sunday or Saturday before.
                case 102, 103 -> weekday == DayOfWeek.MONDAY;
                // Monday 27: Christmas on Saturday; Tuesday 27: Christmas on Sunday.
                // Monday 28: Boxing Day on Saturday; Tuesday 28: Christmas on Saturday.
                case 1227, 1228 -> weekday == DayOfWeek.MONDAY || weekday == DayOfWeek.TUESDAY;
                default -> false;
            };
            if (fixed || isOneOff(date)) {
                return true;
            }
            int days = daysAfterEaster(date);
            if (days == GOOD_FRIDAY || days == EASTER_MONDAY) {
                return true;
            }
            if (weekday != DayOfWeek.MONDAY) {
                return false;
            }
            if (date.getMonth() == Month.MAY) {
                boolean first = date.getDayOfMonth() <= 7;
                boolean last = date.getDayOfMonth() > 31 - 7;
                // Early May moved to Friday 8 May for the VE day anniversaries; spring moved to June.
                return (first && year != 1995 && year != 2020)
                        || (last && year != 2002 && year != 2012 && year != 2022);
            }
            return date.getMonth() == Month.AUGUST
                    && date.equals(date.with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
        }

        private boolean isOneOff(LocalDate date) {
            return switch (date.getYear()) {
                case 1995 -> date.equals(LocalDate.of(1995, 5, 8));
                case 1999 -> date.equals(LocalDate.of(1999, 12, 31));
                case 2002 -> date.equals(LocalDate.of(2002, 6, 3)) || date.equals(LocalDate.of(2002, 6, 4));
                case 2011 -> date.equals(LocalDate.of(2011, 4, 29));
                case 2012 -> date.equals(LocalDate.of(2012, 6, 4)) || date.equals(LocalDate.of(2012, 6, 5));
                case 2020 -> date.equals(LocalDate.of(2020, 5, 8));
                case 2022 ->
                    date.equals(LocalDate.of(2022, 6, 2))
                            || date.equals(LocalDate.of(2022, 6, 3))
                            || date.equals(LocalDate.of(2022, 9, 19));
                case 2023 -> date.equals(LocalDate.of(2023, 5, 8));
                default -> false;
            };
        }
    };

    static final int GOOD_FRIDAY = -2;
    static final int EASTER_MONDAY = 1;
    static final int ASCENSION = 39;
    static final int WHIT_MONDAY = 50;

    /**
     * @param zoneId a zone id
     * @return the calendar of its country, or null when there is no built-in one
     */
    static HolidayCalendar forZoneId(String zoneId) {
        return switch (zoneId) {
            case "Europe/Madrid" -> SPAIN;
            case "Europe/Paris" -> FRANCE;
            case "Europe/Berlin" -> GERMANY;
            case "Europe/Rome" -> ITALY;
            case "Europe/London", "GB" -> UNITED_KINGDOM;
            default -> null;
        };
    }

    /**
     * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
     *
     * @param year a year of the Gregorian calendar
     * @return Easter Sunday of that year
     */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static int monthDay(LocalDate date) {
        return date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    private static int daysAfterEaster(LocalDate date) {
        return (int) (date.toEpochDay() - easterSunday(date.getYear()).toEpochDay());
    }
}
