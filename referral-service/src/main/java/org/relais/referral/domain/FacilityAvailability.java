package org.relais.referral.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import org.relais.events.Availability;
import org.relais.events.FacilityKind;

/**
 * referral-service's own view of one facility, built from {@code relais.facility-state}, and the number of
 * its places held for patrols. {@code held} is never written through this entity: only the conditional
 * updates of {@link FacilityAvailabilityRepository} change it, so a flush can never overwrite a hold.
 */
@Entity
@Table(name = "facility_availability")
public class FacilityAvailability {

    @Id
    @Column(name = "facility_id")
    public String facilityId;

    @Enumerated(EnumType.STRING)
    public FacilityKind kind;

    public String arrondissement;

    public Double latitude;

    public Double longitude;

    /** JSON array of {@code OpeningSpan}, as in the event. */
    @Column(name = "opening_hours")
    public String openingHours;

    /** JSON {@code Eligibility}, as in the event. */
    public String eligibility;

    @Column(name = "reporting_interval_seconds")
    public long reportingIntervalSeconds;

    public boolean active;

    public int free;

    public int total;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "availability_version")
    public long availabilityVersion;

    @Column(name = "state_occurred_at")
    public Instant stateOccurredAt;

    @Column(insertable = false, updatable = false)
    public int held;

    @Column(name = "holds_version", insertable = false, updatable = false)
    public long holdsVersion;

    /** Places a patrol may still be offered. */
    public int offered() {
        return Availability.offered(free, held);
    }

    /** A count older than the facility's reporting interval (or never reported) is stale. */
    public boolean stale(Instant now) {
        return Availability.stale(updatedAt, Duration.ofSeconds(reportingIntervalSeconds), now);
    }
}
