package org.relais.gateway.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.relais.events.Eligibility;
import org.relais.events.FacilityKind;
import org.relais.events.OpeningSpan;

/**
 * One facility on the live board, as {@code /api/capacity} lists it and the stream sends it on every change. A
 * confidential place ({@code confidentialAddress}) shows its arrondissement only: capacity-service never publishes its
 * address or position, and the board drops them anyway should a record carry them.
 */
public record FacilityLive(
        String id,
        String name,
        FacilityKind kind,
        String arrondissement,
        String address,
        Double latitude,
        Double longitude,
        int free,
        int held,
        int offered,
        int total,
        Instant updatedAt,
        long version,
        boolean stale,
        Instant staleFrom,
        boolean openNow,
        boolean openTonight,
        Duration reportingInterval,
        Eligibility eligibility,
        List<OpeningSpan> openingHours,
        boolean active,
        boolean confidentialAddress) {

    public static FacilityLive of(LiveFacility live, Instant now) {
        var facility = live.facility().confidentialAddress() ? live.facility().withoutAddress() : live.facility();
        var availability = live.availability();
        return new FacilityLive(live.id(), facility.name(), facility.kind(), facility.arrondissement(), facility.address(),
                facility.latitude(), facility.longitude(), availability.free(), live.held(), live.offered(),
                availability.total(), availability.updatedAt(), availability.version(), live.stale(now), live.staleFrom(), live.openNow(now),
                live.openTonight(now), facility.reportingInterval(), facility.eligibility(),
                facility.openingHours() == null ? List.of() : facility.openingHours(), facility.active(),
                facility.confidentialAddress());
    }
}
