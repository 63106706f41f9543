package com.example.footfall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.sql.views.ViewRow;

class WeekdayTrendTest {

    @Test
    void fourWeeksOverHttpGiveEveryDayAndBaselinesFromTheSecondWeek() {
        List<ViewRow> rows = WeekdayTrend.of("Roma", LocalDate.of(2024, 6, 3), LocalDate.of(2024, 7, 1));

        assertEquals(28, rows.size());
        assertTrue(rows.stream().allMatch(ViewRow::complete));
        // The first day's baseline is its own visits (a mean of one week), so it deviates by 0 %.
        ViewRow first = rows.get(0);
        assertEquals(LocalDate.of(2024, 6, 3), first.date());
        if (first.visits() != null && first.visits() > 0) {
            assertEquals(0.0, first.pctDiff(), 1e-9);
        } else {
            assertNull(first.pctDiff());
        }
        assertNotNull(rows.get(27).baseline());
    }
}
