package org.relais.patrol.service;

import java.nio.charset.StandardCharsets;
import org.relais.events.EventJson;
import org.relais.patrol.domain.Referral;

/**
 * One status change of a patrol's referral: its number ({@code seq}, V6: the stream's event id, in the order the
 * patrol's changes committed) and the referral as stored by it. {@code referral} is null in a notification too large
 * to carry it, which only says that the patrol's streams must resume from the database.
 */
public record ReferralChange(long seq, String patrolId, ReferralView referral) {

    /** The notification channel every instance listens on (PostgreSQL NOTIFY, sent at the change's commit). */
    public static final String CHANNEL = "relais_referral_change";
    /** PostgreSQL refuses a notification payload of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    public static ReferralChange of(Referral referral) {
        return new ReferralChange(referral.changeSeq, referral.patrolId, ReferralView.of(referral));
    }

    /** The notification's payload: the change, or only its number and patrol when the referral would not fit. */
    public String payload(EventJson json) {
        String full = json.write(this);
        return full.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES
                ? full : json.write(new ReferralChange(seq, patrolId, null));
    }
}
