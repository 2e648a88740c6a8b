package org.relais.events;

import java.time.Duration;
import java.util.List;

/**
 * A facility as every consumer needs to know it. {@code reportingInterval} is how often its operator is
 * expected to report; a count older than that is stale.
 *
 * <p>{@code confidentialAddress}: a place whose address must not be on a board every patrol and operator reads (a
 * shelter for women fleeing violence). Its address and position are then never published ({@link #forTopics()}):
 * capacity-service alone keeps them and tells them only to the people entitled to them.
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
        boolean active,
        boolean confidentialAddress) {

    /** A facility whose address anyone on the board may read. */
    public Facility(String id, String name, FacilityKind kind, String arrondissement, String address, Double latitude,
            Double longitude, List<OpeningSpan> openingHours, Eligibility eligibility, Duration reportingInterval,
            boolean active) {
        this(id, name, kind, arrondissement, address, latitude, longitude, openingHours, eligibility, reportingInterval,
                active, false);
    }

    /** This description as it may be published: a confidential place keeps its arrondissement, not its address. */
    public Facility forTopics() {
        return confidentialAddress ? withoutAddress() : this;
    }

    /** The same facility without address and position. */
    public Facility withoutAddress() {
        return new Facility(id, name, kind, arrondissement, null, null, null, openingHours, eligibility,
                reportingInterval, active, confidentialAddress);
    }
}
