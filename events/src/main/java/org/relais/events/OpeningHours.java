package org.relais.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** Opening-hours arithmetic shared by every service, so "open now" means the same thing everywhere. */
public final class OpeningHours {

    /** Facilities of Relais are in Paris; opening hours are wall-clock times there. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** The night the audit asked to cover: 22:00 to 07:00. */
    public static final LocalTime NIGHT_START = LocalTime.of(22, 0);
    public static final LocalTime NIGHT_END = LocalTime.of(7, 0);

    private OpeningHours() {
    }

    /** An empty or missing schedule means always open (a 24/7 shelter). */
    public static boolean isOpen(List<OpeningSpan> spans, Instant at) {
        if (spans == null || spans.isEmpty()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, ZONE);
        for (OpeningSpan span : spans) {
            if (contains(span, local)) {
                return true;
            }
        }
        return false;
    }

    /** True when the facility is open at some moment of the coming night (22:00-07:00 after {@code at}). */
    public static boolean opensTonight(List<OpeningSpan> spans, Instant at) {
        if (spans == null || spans.isEmpty()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, ZONE);
        LocalDateTime nightStart = local.toLocalTime().isBefore(NIGHT_END)
                ? local.toLocalDate().minusDays(1).atTime(NIGHT_START)
                : local.toLocalDate().atTime(NIGHT_START);
        // Sample every 30 minutes of the night: spans are given to the minute and are long.
        for (LocalDateTime t = nightStart; t.isBefore(nightStart.plusHours(9)); t = t.plusMinutes(30)) {
            if (isOpen(spans, t.atZone(ZONE).toInstant())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(OpeningSpan span, LocalDateTime local) {
        // Work in minutes since the start of the week (Monday 00:00); wrap at the end of the week.
        long weekMinutes = Duration.ofDays(7).toMinutes();
        long start = (span.day().getValue() - 1) * 1440L + span.opens().getHour() * 60L + span.opens().getMinute();
        long length = Duration.between(span.opens(), span.closes()).toMinutes();
        if (length <= 0) {
            length += 1440;
        }
        long now = (local.getDayOfWeek().getValue() - 1) * 1440L + local.getHour() * 60L + local.getMinute();
        long offset = Math.floorMod(now - start, weekMinutes);
        return offset < length;
    }
}
