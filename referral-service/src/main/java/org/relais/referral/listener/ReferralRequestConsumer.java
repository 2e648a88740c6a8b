package org.relais.referral.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.events.ReferralRequestEvent;
import org.relais.outbox.AppliedEvents;
import org.relais.outbox.ConsumerRetries;
import org.relais.outbox.Outbox;
import org.relais.referral.service.RequestService;
import org.relais.referral.service.WaitlistService;

/**
 * Patrols' requests and cancellations. The offset is committed only once the transaction is (the method's
 * Uni completes); a redelivery is skipped by event id. Failures that are not poison (database away, a deadlock
 * victim) are retried without limit ({@link ConsumerRetries}); a record that can never be applied is nacked and goes
 * to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class ReferralRequestConsumer {

    private static final Pattern ARRONDISSEMENT = Pattern.compile("\\d{5}");

    private final EventJson json;
    private final RequestService requests;
    private final WaitlistService waitlist;
    private final Outbox outbox;
    private final ConsumerRetries retries;
    private final AppliedEvents applied;

    public ReferralRequestConsumer(EventJson json, RequestService requests, WaitlistService waitlist, Outbox outbox,
            ConsumerRetries retries, AppliedEvents applied) {
        this.json = json;
        this.requests = requests;
        this.waitlist = waitlist;
        this.outbox = outbox;
        this.retries = retries;
        this.applied = applied;
    }

    @Incoming("referral-requests")
    @ActivateRequestContext
    public Uni<Void> consume(String payload) {
        return retries.<String>untilApplied("referral request",
                        () -> Uni.createFrom().item(() -> valid(json.read(payload, ReferralRequestEvent.class)))
                                .chain(this::apply))
                // A cancelled hold gave its place back, or a new request left places to referrals waiting ahead of it.
                .chain(waitlist::rematch)
                .invoke(() -> applied.count("referral-requests", 1));
    }

    /** Returns the arrondissement whose waitlist may now get a place, or null. */
    private Uni<String> apply(ReferralRequestEvent event) {
        if (event instanceof ReferralRequestEvent.Requested request) {
            return requests.request(request);
        }
        return requests.cancel((ReferralRequestEvent.CancelRequested) event);
    }

    /** What matching cannot do without; anything else missing has a safe default. */
    private static ReferralRequestEvent valid(ReferralRequestEvent event) {
        require(event.eventId() != null, "eventId missing");
        require(event.referralId() != null && !event.referralId().isBlank(), "referralId missing");
        require(event.patrolId() != null && !event.patrolId().isBlank(), "patrolId missing");
        if (event instanceof ReferralRequestEvent.Requested request) {
            require(request.occurredAt() != null, "occurredAt missing");
            require(request.arrondissement() != null && ARRONDISSEMENT.matcher(request.arrondissement()).matches(),
                    "arrondissement is not a 5-digit code");
            require(request.kinds() != null && !request.kinds().isEmpty() && !request.kinds().contains(null),
                    "kinds missing or unknown");
            require(request.urgency() == null || request.urgency() >= 0 && request.urgency() <= 3, "urgency not in 0..3");
        }
        return event;
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new PoisonEventException("invalid ReferralRequestEvent: " + reason);
        }
    }
}
