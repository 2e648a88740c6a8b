package org.relais.patrol.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.EventJson;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.ConsumerRetries;
import org.relais.patrol.service.ReferralService;

/**
 * Keeps each referral's current state from referral-service's status events. The topic is keyed by referral
 * id and records are applied one at a time, so a referral's transitions are applied in order; the offset is
 * committed after the transaction (at-least-once), and a redelivered event is skipped by its id.
 */
@ApplicationScoped
public class ReferralStatusConsumer {

    private final ReferralService referrals;
    private final EventJson json;
    private final ConsumerRetries retries;

    public ReferralStatusConsumer(ReferralService referrals, EventJson json, ConsumerRetries retries) {
        this.referrals = referrals;
        this.json = json;
        this.retries = retries;
    }

    @Incoming("referral-status")
    @ActivateRequestContext
    public Uni<Void> onStatus(String payload) {
        // Poison (PoisonEventException) propagates: the record is nacked and goes to the dead-letter topic.
        ReferralStatusEvent event = StatusEvents.read(json, payload);
        // A database away for however long is waited out: dead-lettering a valid event would leave the referral
        // in a wrong state for good (a HELD never shown to the patrol). Later records of the partition wait.
        return retries.untilApplied("status event " + event.eventId() + " of referral " + event.referralId(),
                () -> referrals.applyStatus(event));
    }
}
