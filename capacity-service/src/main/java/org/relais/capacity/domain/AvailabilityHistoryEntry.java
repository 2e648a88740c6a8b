package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.relais.events.FacilityStateEvent.Cause;

/** One accepted change of a facility's count, kept for audit and indicators. */
@Entity
@Table(name = "availability_history")
public class AvailabilityHistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "facility_id")
    public String facilityId;

    public int free;

    public int total;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public long version;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "cause_type")
    public String causeType;

    @Column(name = "cause_referral_id")
    public String causeReferralId;

    public static AvailabilityHistoryEntry of(AvailabilityEntity availability, Cause cause, Instant recordedAt) {
        AvailabilityHistoryEntry entry = new AvailabilityHistoryEntry();
        entry.facilityId = availability.facilityId;
        entry.free = availability.free;
        entry.total = availability.total;
        entry.updatedAt = availability.updatedAt;
        entry.version = availability.version;
        entry.recordedAt = recordedAt;
        if (cause != null) {
            entry.causeType = cause.type();
            entry.causeReferralId = cause.referralId();
        }
        return entry;
    }

    public Cause cause() {
        return causeType == null ? null : new Cause(causeType, causeReferralId);
    }
}
