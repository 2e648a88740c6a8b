package org.relais.patrol.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

/** The status events referral-service publishes, keyed by referral id (sent with EventProducer). */
public final class StatusEvents {

    private StatusEvents() {
    }

    public static ReferralStatusEvent event(String referralId, String patrolId, ReferralStatus previous, ReferralStatus status,
            String facilityId, Instant holdExpiresAt, String reason) {
        return event(referralId, patrolId, previous, status, facilityId, holdExpiresAt, reason, null);
    }

    /** Likewise, with the held place's distance from the request's position. */
    public static ReferralStatusEvent event(String referralId, String patrolId, ReferralStatus previous, ReferralStatus status,
            String facilityId, Instant holdExpiresAt, String reason, Integer distanceMeters) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId, patrolId,
                status, previous, facilityId, holdExpiresAt, reason, now, "75019", distanceMeters);
    }
}
