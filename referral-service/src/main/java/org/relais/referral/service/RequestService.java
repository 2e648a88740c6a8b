package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.relais.events.FacilityKind;
import org.relais.events.Needs;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatus;
import org.relais.outbox.ProcessedEvents;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;
import org.relais.referral.service.ReferralLifecycle.FirstMatch;

/** Applies patrols' requests from {@code relais.referral-requests}, each exactly once. */
@ApplicationScoped
public class RequestService {

    private static final Logger LOG = Logger.getLogger(RequestService.class);
    static final String CONSUMER = "referral-requests";

    private final ProcessedEvents processed;
    private final ReferralRepository referrals;
    private final ReferralLifecycle lifecycle;

    public RequestService(ProcessedEvents processed, ReferralRepository referrals, ReferralLifecycle lifecycle) {
        this.processed = processed;
        this.referrals = referrals;
        this.lifecycle = lifecycle;
    }

    /**
     * A new referral, at once HELD (best suitable place that nobody waiting ahead of it could take) or WAITLISTED.
     * Returns the arrondissement whose waitlist should now be offered the place(s) this request left to it, or null.
     * A redelivered event, or another event for a referral id already known, changes nothing.
     */
    @WithTransaction
    public Uni<String> request(ReferralRequestEvent.Requested request) {
        Instant now = Instant.now();
        return processed.firstTime(CONSUMER, request.eventId())
                .chain(first -> first ? create(request, now) : Uni.createFrom().nullItem());
    }

    /**
     * The patrol withdraws its request. Returns the arrondissement whose waitlist may now get the released
     * place, or null. A referral already final (arrived, expired...) stays as it is: the patrol's view catches
     * up from the status events.
     */
    @WithTransaction
    public Uni<String> cancel(ReferralRequestEvent.CancelRequested cancel) {
        Instant now = Instant.now();
        return processed.firstTime(CONSUMER, cancel.eventId())
                .chain(first -> first ? referrals.lock(cancel.referralId()) : Uni.createFrom().nullItem())
                .chain(referral -> {
                    if (referral == null || !referral.patrolId.equals(cancel.patrolId())
                            || !referral.status.canBecome(ReferralStatus.CANCELLED)) {
                        return Uni.createFrom().nullItem();
                    }
                    boolean wasHeld = referral.status == ReferralStatus.HELD;
                    return lifecycle.end(referral, ReferralStatus.CANCELLED, "cancelled by the patrol", now)
                            .map(done -> wasHeld ? referral.arrondissement : null);
                });
    }

    private Uni<String> create(ReferralRequestEvent.Requested request, Instant now) {
        return referrals.findById(request.referralId()).chain(existing -> {
            if (existing != null) {
                LOG.warnf("referral %s was already requested; event %s ignored", request.referralId(), request.eventId());
                return Uni.createFrom().nullItem();
            }
            Referral referral = newReferral(request);
            return lifecycle.requested(referral)
                    .chain(() -> lifecycle.firstMatch(referral, now))
                    .chain(match -> match == FirstMatch.HELD
                            ? Uni.createFrom().nullItem()
                            : lifecycle.waitlist(referral, now)
                                    .map(waiting -> match == FirstMatch.LEFT_TO_WAITLIST ? referral.arrondissement : null));
        });
    }

    private static Referral newReferral(ReferralRequestEvent.Requested request) {
        Referral referral = new Referral();
        referral.id = request.referralId();
        referral.patrolId = request.patrolId();
        referral.arrondissement = request.arrondissement();
        referral.latitude = request.latitude();
        referral.longitude = request.longitude();
        Needs needs = request.needs() == null ? new Needs(null, false, false, false, false) : request.needs();
        referral.gender = needs.gender();
        referral.couple = needs.couple();
        referral.pet = needs.pet();
        referral.wheelchair = needs.wheelchair();
        referral.activeUse = needs.activeUse();
        referral.kinds = request.kinds().stream().distinct().map(FacilityKind::name).toArray(String[]::new);
        referral.urgency = request.urgency();
        referral.sameArrondissementOnly = request.sameArrondissementOnly();
        referral.requestedAt = request.occurredAt();
        return referral;
    }
}
