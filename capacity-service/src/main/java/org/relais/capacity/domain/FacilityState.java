package org.relais.capacity.domain;

import org.relais.events.Availability;
import org.relais.events.Facility;

/** A snapshot of one facility and its count, as committed: what views and state events are made of. */
public record FacilityState(Facility facility, Availability availability) {

    public static FacilityState of(FacilityEntity facility, AvailabilityEntity availability) {
        return new FacilityState(facility.toFacility(), availability.toAvailability());
    }
}
