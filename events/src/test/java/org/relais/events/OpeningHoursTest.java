package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {

    private static java.time.Instant paris(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(OpeningHours.ZONE).toInstant();
    }

    @Test
    void spanCrossingMidnightIsOpenTheNextMorning() {
        // Monday 22:00 - Tuesday 07:00. 2026-11-24 is a Tuesday.
        List<OpeningSpan> spans = List.of(new OpeningSpan(DayOfWeek.MONDAY, LocalTime.of(22, 0), LocalTime.of(7, 0)));
        assertTrue(OpeningHours.isOpen(spans, paris(2026, 11, 24, 3, 0)));
        assertTrue(OpeningHours.isOpen(spans, paris(2026, 11, 23, 22, 0)));
        assertFalse(OpeningHours.isOpen(spans, paris(2026, 11, 24, 7, 0)));
        assertFalse(OpeningHours.isOpen(spans, paris(2026, 11, 23, 21, 59)));
        assertFalse(OpeningHours.isOpen(spans, paris(2026, 11, 25, 3, 0)));
    }

    @Test
    void sundayNightSpanWrapsIntoMonday() {
        List<OpeningSpan> spans = List.of(new OpeningSpan(DayOfWeek.SUNDAY, LocalTime.of(20, 0), LocalTime.of(8, 0)));
        assertTrue(OpeningHours.isOpen(spans, paris(2026, 11, 30, 2, 0))); // Monday 02:00
        assertFalse(OpeningHours.isOpen(spans, paris(2026, 11, 30, 9, 0)));
    }

    @Test
    void equalOpensAndClosesMeansTwentyFourHours() {
        List<OpeningSpan> spans = List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(9, 0)));
        assertTrue(OpeningHours.isOpen(spans, paris(2026, 11, 26, 8, 59))); // Thursday 08:59
        assertFalse(OpeningHours.isOpen(spans, paris(2026, 11, 26, 9, 0)));
    }

    @Test
    void emptyScheduleIsAlwaysOpen() {
        assertTrue(OpeningHours.isOpen(List.of(), paris(2026, 11, 25, 4, 0)));
    }

    @Test
    void daytimeRestRoomDoesNotCoverTheNight() {
        List<OpeningSpan> day = List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(18, 0)));
        assertFalse(OpeningHours.opensTonight(day, paris(2026, 11, 25, 12, 0)));
        List<OpeningSpan> night = List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(23, 0), LocalTime.of(6, 0)));
        assertTrue(OpeningHours.opensTonight(night, paris(2026, 11, 25, 12, 0)));
    }

    @Test
    void afterMidnightTonightIsTheNightUnderWay() {
        List<OpeningSpan> lateWednesday = List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(23, 0), LocalTime.of(1, 0)));
        Instant thursdayThree = paris(2026, 11, 26, 3, 0);
        assertFalse(OpeningHours.isOpen(lateWednesday, thursdayThree));
        assertTrue(OpeningHours.opensTonight(lateWednesday, thursdayThree), "the night that began Wednesday 22:00");
        List<OpeningSpan> thursdayEvening = List.of(new OpeningSpan(DayOfWeek.THURSDAY, LocalTime.of(22, 0), LocalTime.of(23, 0)));
        assertFalse(OpeningHours.opensTonight(thursdayEvening, thursdayThree), "the next night is not this one");
        assertTrue(OpeningHours.opensTonight(thursdayEvening, paris(2026, 11, 26, 7, 0)), "from 07:00 on, it is");
    }

    @Test
    void closingAtTenOrOpeningAtSevenDoesNotCoverTheNight() {
        Instant noon = paris(2026, 11, 25, 12, 0);
        assertFalse(OpeningHours.opensTonight(List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(22, 0))), noon));
        assertFalse(OpeningHours.opensTonight(List.of(new OpeningSpan(DayOfWeek.THURSDAY, LocalTime.of(7, 0), LocalTime.of(9, 0))), noon));
        assertTrue(OpeningHours.opensTonight(List.of(new OpeningSpan(DayOfWeek.THURSDAY, LocalTime.of(6, 30), LocalTime.of(9, 0))), noon));
    }

    /** Hours are Paris wall-clock times: the night the clocks go back (25 October 2026) still closes at 07:00. */
    @Test
    void wallClockHoursHoldAcrossTheChangeOfTime() {
        List<OpeningSpan> saturdayNight = List.of(new OpeningSpan(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(7, 0)));
        assertTrue(OpeningHours.isOpen(saturdayNight, paris(2026, 10, 25, 6, 59)));
        assertFalse(OpeningHours.isOpen(saturdayNight, paris(2026, 10, 25, 7, 0)));
        assertTrue(OpeningHours.isOpen(saturdayNight, Instant.parse("2026-10-25T05:30:00Z")), "06:30 in Paris, winter time");
        assertFalse(OpeningHours.isOpen(saturdayNight, Instant.parse("2026-10-25T06:00:00Z")), "07:00 in Paris, winter time");
    }
}
