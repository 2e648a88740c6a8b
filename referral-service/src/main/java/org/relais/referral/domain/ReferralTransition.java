package org.relais.referral.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.relais.events.FacilityKind;
import org.relais.events.ReferralStatus;

/**
 * One lifecycle step of a referral, kept for indicators. Arrondissement, kind and request time are copied
 * from the referral so the figures survive a purge of referral rows.
 */
@Entity
@Table(name = "referral_transition")
public class ReferralTransition {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "referral_id")
    public String referralId;

    /** Null for the request itself. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public ReferralStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public ReferralStatus toStatus;

    @Column(name = "facility_id")
    public String facilityId;

    public String reason;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "requested_at")
    public Instant requestedAt;

    public String arrondissement;

    /** The first kind asked for. */
    @Enumerated(EnumType.STRING)
    public FacilityKind kind;

    public static ReferralTransition of(Referral referral, ReferralStatus from, Instant at) {
        ReferralTransition step = new ReferralTransition();
        step.referralId = referral.id;
        step.fromStatus = from;
        step.toStatus = referral.status;
        step.facilityId = referral.facilityId;
        step.reason = referral.reason;
        step.occurredAt = at;
        step.requestedAt = referral.requestedAt;
        step.arrondissement = referral.arrondissement;
        step.kind = referral.preferredKinds().get(0);
        return step;
    }
}
