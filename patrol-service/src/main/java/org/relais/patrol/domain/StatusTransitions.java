package org.relais.patrol.domain;

import java.util.Arrays;
import java.util.List;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

/**
 * From which status a status event applies, for the stored referral and for the live stream alike: the lifecycle
 * ({@link ReferralStatus#canBecome}), except that going back from HELD to WAITLISTED is a withdrawn hold only. A
 * withdrawal names HELD as its previous status; a WAITLISTED event that does not (a late copy of the first
 * REQUESTED -> WAITLISTED step, say) must never take a held place away from the patrol.
 */
public final class StatusTransitions {

    private StatusTransitions() {
    }

    public static boolean applies(ReferralStatus current, ReferralStatusEvent event) {
        if (current == ReferralStatus.HELD && event.status() == ReferralStatus.WAITLISTED) {
            return event.previousStatus() == ReferralStatus.HELD;
        }
        return current.canBecome(event.status());
    }

    /** Every status the event applies from; empty when it applies from none. */
    public static List<ReferralStatus> appliesFrom(ReferralStatusEvent event) {
        return Arrays.stream(ReferralStatus.values()).filter(status -> applies(status, event)).toList();
    }
}
