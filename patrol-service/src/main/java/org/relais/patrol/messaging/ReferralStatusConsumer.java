package org.relais.patrol.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.EventJson;
import org.relais.patrol.service.ReferralService;

/**
 * Keeps each referral's current state from referral-service's status events. The topic is keyed by referral
 * id and records are applied one at a time, so a referral's transitions are applied in order; the offset is
 * committed after the transaction (at-least-once), and a redelivered event is skipped by its id.
 */
@ApplicationScoped
public class ReferralStatusConsumer {

    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    private static final int RETRIES = 10;

    private final ReferralService referrals;
    private final EventJson json;

    public ReferralStatusConsumer(ReferralService referrals, EventJson json) {
        this.referrals = referrals;
        this.json = json;
    }

    @Incoming("referral-status")
    @ActivateRequestContext
    public Uni<Void> onStatus(String payload) {
        // Poison (PoisonEventException) propagates: the record is nacked and goes to the dead-letter topic.
        ReferralStatusEvent event = StatusEvents.read(json, payload);
        // A database hiccup is retried in place rather than dead-lettering a valid event, which would leave
        // the referral in a wrong state for good; later records of the partition wait, so order holds.
        return Uni.createFrom().deferred(() -> referrals.applyStatus(event))
                .onFailure().retry().withBackOff(RETRY_FIRST, RETRY_MAX).atMost(RETRIES);
    }
}
