package org.relais.referral.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.relais.common.problem.ProblemException;
import org.relais.events.ReferralStatus;
import org.relais.referral.config.HoldConfig;
import org.relais.referral.config.WaitlistConfig;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.HeldCount;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;
import org.relais.referral.domain.ReferralTransition;
import org.relais.referral.domain.ReferralTransitionRepository;
import org.relais.referral.messaging.ReferralEvents;

/**
 * The steps of a referral's lifecycle ({@link ReferralStatus#canBecome}), each recorded for indicators and
 * published (outbox) together with any change of a facility's held count. Every method runs inside the
 * caller's transaction, on a referral the caller has locked.
 *
 * <p>FHIR {@code Task.status} of each step (see {@link ReferralStatus#fhirTaskStatus()}):
 * <ul>
 * <li>request received: REQUESTED = {@code requested};</li>
 * <li>REQUESTED/WAITLISTED -> HELD = {@code accepted}: a place is held at {@code facilityId} until
 *     {@code holdExpiresAt};</li>
 * <li>REQUESTED -> WAITLISTED = {@code on-hold}: no suitable place now, re-matched as places free up;</li>
 * <li>HELD -> ARRIVED = {@code completed}: the person arrived, the place becomes occupied;</li>
 * <li>HELD -> DECLINED = {@code rejected}: the facility refused, with its reason;</li>
 * <li>HELD/WAITLISTED -> EXPIRED = {@code failed}: nobody came in time, or no place within the waitlist time;</li>
 * <li>HELD/WAITLISTED -> CANCELLED = {@code cancelled}: the patrol withdrew the request.</li>
 * </ul>
 */
@ApplicationScoped
public class ReferralLifecycle {

    private static final Logger LOG = Logger.getLogger(ReferralLifecycle.class);

    private final FacilityAvailabilityRepository facilities;
    private final ReferralRepository referrals;
    private final ReferralTransitionRepository transitions;
    private final ReferralEvents events;
    private final Matcher matcher;
    private final HoldConfig hold;
    private final WaitlistConfig waitlist;

    public ReferralLifecycle(FacilityAvailabilityRepository facilities, ReferralRepository referrals,
            ReferralTransitionRepository transitions, ReferralEvents events, Matcher matcher,
            HoldConfig hold, WaitlistConfig waitlist) {
        this.facilities = facilities;
        this.referrals = referrals;
        this.transitions = transitions;
        this.events = events;
        this.matcher = matcher;
        this.hold = hold;
        this.waitlist = waitlist;
    }

    /** Stores a new referral (REQUESTED) and records the request; nothing is published (the patrol did). */
    public Uni<Void> requested(Referral referral) {
        referral.status = ReferralStatus.REQUESTED;
        referral.updatedAt = referral.requestedAt;
        return referrals.persist(referral)
                .chain(() -> transitions.persist(ReferralTransition.of(referral, null, referral.requestedAt)))
                .replaceWithVoid();
    }

    /**
     * Holds the best suitable place: tries the ranked facilities in turn with the conditional update until one
     * still has a place. True when the referral is now HELD; false when no facility had a place (unchanged).
     */
    public Uni<Boolean> tryHold(Referral referral, Instant now) {
        return facilities.offering(referral.arrondissement, referral.preferredKinds())
                .map(offering -> matcher.rank(referral, offering, now).iterator())
                .chain(this::holdFirstFree)
                .chain(count -> count.isPresent()
                        ? held(referral, count.get(), now).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    /** No place now: the referral waits, until the waitlist time counted from the patrol's request. */
    public Uni<Void> waitlist(Referral referral, Instant now) {
        referral.waitlistExpiresAt = referral.requestedAt.plus(waitlist.duration());
        return move(referral, ReferralStatus.WAITLISTED, null, now);
    }

    /**
     * Ends the referral: ARRIVED, DECLINED, EXPIRED or CANCELLED. A hold that ends without an arrival gives its
     * place back at once; an arrival's place stays counted ("consumed") until capacity-service has lowered
     * {@code free} for it ({@link #arrivalCounted}), so the place is never offered twice in between.
     */
    public Uni<Void> end(Referral referral, ReferralStatus next, String reason, Instant now) {
        boolean release = referral.status == ReferralStatus.HELD && next != ReferralStatus.ARRIVED;
        Uni<Void> moved = move(referral, next, reason, now);
        if (!release) {
            return moved;
        }
        referral.holdCounted = false;
        return moved.chain(() -> facilities.release(referral.facilityId)).chain(count -> publish(count, now));
    }

    /**
     * capacity-service counted this referral's arrival in {@code free}: its consumed hold stops counting.
     * True when this call released it (false for a replay, or an unknown referral).
     */
    public Uni<Boolean> arrivalCounted(String referralId, String facilityId, Instant now) {
        return referrals.stopCountingArrival(referralId, facilityId)
                .call(stopped -> stopped
                        ? facilities.release(facilityId).chain(count -> publish(count, now))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Optional<HeldCount>> holdFirstFree(Iterator<FacilityAvailability> ranked) {
        if (!ranked.hasNext()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return facilities.hold(ranked.next().facilityId)
                .chain(count -> count.isPresent() ? Uni.createFrom().item(count) : holdFirstFree(ranked));
    }

    private Uni<Void> held(Referral referral, HeldCount count, Instant now) {
        referral.facilityId = count.facilityId();
        referral.holdCounted = true;
        referral.heldAt = now;
        referral.holdExpiresAt = now.plus(hold.duration());
        return move(referral, ReferralStatus.HELD, null, now).chain(() -> events.holdsChanged(count, now));
    }

    private Uni<Void> move(Referral referral, ReferralStatus next, String reason, Instant now) {
        ReferralStatus previous = referral.status;
        if (!previous.canBecome(next)) {
            return Uni.createFrom().failure(ProblemException.conflict(
                    "Referral " + referral.id + " is " + previous + " and cannot become " + next + "."));
        }
        referral.status = next;
        referral.reason = reason;
        referral.updatedAt = now;
        return transitions.persist(ReferralTransition.of(referral, previous, now))
                .chain(() -> events.statusChanged(referral, previous, now));
    }

    private Uni<Void> publish(Optional<HeldCount> count, Instant now) {
        if (count.isEmpty()) {
            // held was already 0: nothing to give back (should not happen; never worth failing a transition).
            LOG.warn("released a hold on a facility with no held place");
            return Uni.createFrom().voidItem();
        }
        return events.holdsChanged(count.get(), now);
    }
}
