package org.relais.referral.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.relais.events.ReferralStatus;
import org.relais.referral.domain.Referral;

/** A referral right after the facility's arrival or decline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralOutcome(String id, ReferralStatus status, String facilityId, String reason) {

    static ReferralOutcome of(Referral referral) {
        return new ReferralOutcome(referral.id, referral.status, referral.facilityId, referral.reason);
    }
}
