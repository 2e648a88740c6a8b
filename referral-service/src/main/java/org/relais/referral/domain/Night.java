package org.relais.referral.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.relais.events.OpeningHours;

/**
 * One night of the daily record: {@code [start, end)} from {@code dayStartsAt} on {@code day} to the same time the next
 * day, in {@code zone}. {@code at22} and {@code at02} are the first 22:00 and 02:00 in it (the moments free places are
 * read); {@code at07} ends the 22:00-07:00 night the audit asked to cover (coverage, stale reporters).
 */
public record Night(LocalDate day, Instant start, Instant end, Instant at22, Instant at02, Instant at07) {

    public static Night of(LocalDate day, ZoneId zone, LocalTime dayStartsAt) {
        ZonedDateTime start = day.atTime(dayStartsAt).atZone(zone);
        ZonedDateTime at22 = first(day, OpeningHours.NIGHT_START, dayStartsAt, zone);
        ZonedDateTime at02 = first(day, LocalTime.of(2, 0), dayStartsAt, zone);
        ZonedDateTime at07 = at22.toLocalDate().plusDays(1).atTime(OpeningHours.NIGHT_END).atZone(zone);
        return new Night(day, start.toInstant(), day.plusDays(1).atTime(dayStartsAt).atZone(zone).toInstant(),
                at22.toInstant(), at02.toInstant(), at07.toInstant());
    }

    /** The night {@code instant} falls in. */
    public static Night containing(Instant instant, ZoneId zone, LocalTime dayStartsAt) {
        ZonedDateTime local = instant.atZone(zone);
        LocalDate day = local.toLocalTime().isBefore(dayStartsAt) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        return of(day, zone, dayStartsAt);
    }

    /** The first {@code time} at or after the night's start. */
    private static ZonedDateTime first(LocalDate day, LocalTime time, LocalTime dayStartsAt, ZoneId zone) {
        return (time.isBefore(dayStartsAt) ? day.plusDays(1) : day).atTime(time).atZone(zone);
    }
}
