package org.relais.capacity.service;

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
 * after a change of the facility. A confidential place's address and position are null for a reader not entitled
 * to them ({@link #withoutAddress}).
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
        boolean openNow,
        boolean confidentialAddress) {

    public static FacilityView of(FacilityState state, Instant now) {
        Facility f = state.facility();
        Availability a = state.availability();
        boolean stale = Availability.stale(a.updatedAt(), f.reportingInterval(), now);
        return new FacilityView(f.id(), f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(),
                f.longitude(), f.openingHours().stream().map(OpeningSpanView::of).toList(), f.eligibility(),
                a.total(), f.reportingInterval(), f.active(), CountView.of(a), stale,
                OpeningHours.isOpen(f.openingHours(), now), f.confidentialAddress());
    }

    /** The view for {@code reader}: a confidential place's address and position only for those entitled to them. */
    public static FacilityView of(FacilityState state, Instant now, AddressReader reader) {
        FacilityView view = of(state, now);
        return view.confidentialAddress && !reader.mayRead(view.id) ? view.withoutAddress() : view;
    }

    /** The arrondissement stays: where a place is, roughly, is what a board needs. */
    public FacilityView withoutAddress() {
        return new FacilityView(id, name, kind, arrondissement, null, null, null, openingHours, eligibility, totalPlaces,
                reportingInterval, active, availability, stale, openNow, confidentialAddress);
    }
}
