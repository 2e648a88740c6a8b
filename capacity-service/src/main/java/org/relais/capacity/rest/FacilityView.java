package org.relais.capacity.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.relais.capacity.domain.FacilityState;
import org.relais.events.Availability;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.OpeningHours;

/**
 * A facility with its count. {@code stale}: the operator has not reported within the reporting interval
 * (or never has); {@code openNow}: open at this moment, Paris time. Also what the audit trail keeps before and
 * after a change of the facility.
 */
public record FacilityView(
        String id,
        String name,
        FacilityKind kind,
        String arrondissement,
        String address,
        Double latitude,
        Double longitude,
        List<OpeningSpanView> openingHours,
        Eligibility eligibility,
        int totalPlaces,
        Duration reportingInterval,
        boolean active,
        CountView availability,
        boolean stale,
        boolean openNow) {

    public static FacilityView of(FacilityState state, Instant now) {
        Facility f = state.facility();
        Availability a = state.availability();
        boolean stale = a.updatedAt() == null || a.updatedAt().plus(f.reportingInterval()).isBefore(now);
        return new FacilityView(f.id(), f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(),
                f.longitude(), f.openingHours().stream().map(OpeningSpanView::of).toList(), f.eligibility(),
                a.total(), f.reportingInterval(), f.active(), CountView.of(a), stale,
                OpeningHours.isOpen(f.openingHours(), now));
    }
}
