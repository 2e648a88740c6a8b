package org.relais.capacity.support;

import java.time.Instant;
import java.util.UUID;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

/** The referral-status events this service consumes, as referral-service writes them (sent with EventProducer). */
public final class StatusEvents {

    private StatusEvents() {
    }

    /** A status change of {@code referralId}, from HELD, at {@code facilityId}. */
    public static ReferralStatusEvent status(String referralId, String facilityId, ReferralStatus status) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId,
                "maraude-18-a", status, ReferralStatus.HELD, facilityId, null, null, now.minusSeconds(600), "75018",
                null);
    }

    /** The arrival of {@code referralId} at {@code facilityId}. */
    public static ReferralStatusEvent arrival(String referralId, String facilityId) {
        return status(referralId, facilityId, ReferralStatus.ARRIVED);
    }

    /** A referral id of its own. */
    public static String newReferralId() {
        return "ref-" + UUID.randomUUID();
    }
}
