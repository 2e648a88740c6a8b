package org.relais.patrol.listener;

import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.events.ReferralStatusEvent;

/** Reads a status record; one that cannot be applied whatever the retries is poison. */
final class StatusEvents {

    private StatusEvents() {
    }

    static ReferralStatusEvent read(EventJson json, String payload) {
        ReferralStatusEvent event = json.read(payload, ReferralStatusEvent.class);
        if (event.eventId() == null || event.referralId() == null || event.status() == null
                || event.occurredAt() == null) {
            throw new PoisonEventException("ReferralStatusEvent without eventId, referralId, status or occurredAt");
        }
        return event;
    }
}
