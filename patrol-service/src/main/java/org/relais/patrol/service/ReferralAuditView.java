package org.relais.patrol.service;

import java.time.Instant;
import java.util.List;
import org.relais.events.FacilityKind;
import org.relais.events.ReferralStatus;
import org.relais.patrol.domain.Referral;

/**
 * A referral as the audit trail keeps it. The audit is append-only and never purged, so this holds nothing
 * about the person: no person code or hash, no coordinates, and not the needs (health data).
 */
public record ReferralAuditView(
        String id,
        String patrolId,
        String arrondissement,
        ReferralStatus status,
        String facilityId,
        List<FacilityKind> kinds,
        Integer urgency,
        Instant cancelRequestedAt) {

    public static ReferralAuditView of(Referral r) {
        return new ReferralAuditView(r.id, r.patrolId, r.arrondissement, r.status, r.facilityId, r.kinds, r.urgency,
                r.cancelRequestedAt);
    }

    /** The same referral before its cancellation was asked for (the conditional update required it unset). */
    public ReferralAuditView beforeCancelRequest() {
        return new ReferralAuditView(id, patrolId, arrondissement, status, facilityId, kinds, urgency, null);
    }
}
