package org.relais.patrol.service;

import java.time.Instant;
import java.util.List;
import org.relais.events.FacilityKind;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;
import org.relais.patrol.domain.Referral;

/**
 * A referral as patrols see it: never the person code or its hash. {@code distanceMeters}: from the request's position
 * to the held place, while HELD (null when either position is unknown).
 */
public record ReferralView(
        String id,
        String patrolId,
        String arrondissement,
        ReferralStatus status,
        String facilityId,
        Instant holdExpiresAt,
        String reason,
        List<FacilityKind> kinds,
        Needs needs,
        Integer urgency,
        boolean sameArrondissementOnly,
        Integer distanceMeters,
        Instant requestedAt,
        Instant updatedAt) {

    public static ReferralView of(Referral r) {
        return new ReferralView(r.id, r.patrolId, r.arrondissement, r.status, r.facilityId, r.holdExpiresAt, r.reason,
                r.kinds, r.needs(), r.urgency, r.sameArrondissementOnly,
                r.status == ReferralStatus.HELD ? r.distanceMeters : null, r.requestedAt, r.updatedAt);
    }
}
