package org.relais.referral.service;

import org.relais.events.ReferralStatus;
import org.relais.referral.domain.Referral;

/**
 * A referral as the audit trail keeps it, before or after a step: no patrol note, no decline reason (free text
 * may describe the person), nothing that identifies anyone.
 */
record ReferralAuditView(ReferralStatus status, String facilityId, String arrondissement) {

    static ReferralAuditView of(Referral referral) {
        return new ReferralAuditView(referral.status, referral.facilityId, referral.arrondissement);
    }
}
