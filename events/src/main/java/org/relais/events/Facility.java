package org.relais.events;

import java.time.Duration;
import java.util.List;

/**
 * A facility as every consumer needs to know it. {@code reportingInterval} is how often its operator is
 * expected to report; a count older than that is stale.
 */
public record Facility(
        String id,
        String name,
        FacilityKind kind,
        String arrondissement,
        String address,
        Double latitude,
        Double longitude,
        List<OpeningSpan> openingHours,
        Eligibility eligibility,
        Duration reportingInterval,
        boolean active) {
}
