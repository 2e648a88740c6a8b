package org.relais.capacity.rest;

import java.time.Instant;
import org.relais.capacity.domain.FacilityState;

/** A facility's count after a report. */
public record AvailabilityView(String facilityId, int free, int total, Instant updatedAt, long version) {

    static AvailabilityView of(FacilityState state) {
        var a = state.availability();
        return new AvailabilityView(state.facility().id(), a.free(), a.total(), a.updatedAt(), a.version());
    }
}
