package org.relais.events;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * One weekly opening span in Paris local time. A span whose {@code closes} is not after {@code opens}
 * crosses midnight (a rest room open Monday 22:00-07:00 is open on Tuesday at 03:00); {@code opens ==
 * closes} means the whole 24 hours from {@code opens}.
 */
public record OpeningSpan(DayOfWeek day, LocalTime opens, LocalTime closes) {

    public boolean crossesMidnight() {
        return !closes.isAfter(opens);
    }
}
