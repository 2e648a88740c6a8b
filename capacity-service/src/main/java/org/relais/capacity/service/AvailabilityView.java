package org.relais.capacity.service;

import java.time.Instant;
import org.relais.capacity.domain.FacilityState;
import org.relais.events.Availability;

/** A facility's count after a report; also what the audit trail keeps before and after one. */
public record AvailabilityView(String facilityId, int free, int total, Instant updatedAt, long version) {

    public static AvailabilityView of(FacilityState state) {
        return of(state.facility().id(), state.availability());
    }

    public static AvailabilityView of(String facilityId, Availability a) {
        return new AvailabilityView(facilityId, a.free(), a.total(), a.updatedAt(), a.version());
    }
}
