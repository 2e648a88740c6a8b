package org.relais.capacity.service;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.DayOfWeek;
import java.time.LocalTime;
import org.relais.events.OpeningSpan;

/** An opening span as operators write it ("22:00", not Jackson's default "22:00:00"). */
public record OpeningSpanView(
        DayOfWeek day,
        @JsonFormat(pattern = "HH:mm") LocalTime opens,
        @JsonFormat(pattern = "HH:mm") LocalTime closes) {

    static OpeningSpanView of(OpeningSpan span) {
        return new OpeningSpanView(span.day(), span.opens(), span.closes());
    }
}
