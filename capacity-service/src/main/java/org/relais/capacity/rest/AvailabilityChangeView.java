package org.relais.capacity.rest;

import java.time.Instant;
import org.relais.capacity.domain.AvailabilityHistoryEntry;
import org.relais.events.FacilityStateEvent.Cause;

/** One entry of a facility's count history; {@code cause} is null for an operator's report. */
public record AvailabilityChangeView(int free, int total, Instant updatedAt, long version, Instant recordedAt, Cause cause) {

    static AvailabilityChangeView of(AvailabilityHistoryEntry entry) {
        return new AvailabilityChangeView(entry.free, entry.total, entry.updatedAt, entry.version, entry.recordedAt,
                entry.cause());
    }
}
