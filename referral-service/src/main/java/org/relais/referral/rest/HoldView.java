package org.relais.referral.rest;

import java.time.Instant;
import org.relais.referral.domain.Referral;

/** A place held for a patrol right now. */
public record HoldView(String referralId, String facilityId, String patrolId, String arrondissement,
        Instant heldAt, Instant expiresAt) {

    static HoldView of(Referral referral) {
        return new HoldView(referral.id, referral.facilityId, referral.patrolId, referral.arrondissement,
                referral.heldAt, referral.holdExpiresAt);
    }
}
