package org.relais.capacity.rest;

import jakarta.validation.constraints.NotNull;
import java.time.DayOfWeek;
import java.time.LocalTime;
import org.relais.events.OpeningSpan;

/** One weekly span, Paris time: {@code closes} not after {@code opens} crosses midnight (22:00-07:00). */
public record OpeningSpanInput(@NotNull DayOfWeek day, @NotNull LocalTime opens, @NotNull LocalTime closes) {

    OpeningSpan toSpan() {
        return new OpeningSpan(day, opens, closes);
    }
}
