package org.relais.referral.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.relais.common.problem.ProblemException;
import org.relais.events.DeclineReason;
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
import org.relais.referral.publishing.ReferralEvents;

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
 * <li>HELD -> WAITLISTED = {@code on-hold}, reason {@code PLACE_WITHDRAWN}: the facility's count fell below its holds
 *     (or it closed); re-matched at once, ahead of later requests;</li>
 * <li>HELD -> ARRIVED = {@code completed}: the person arrived, the place becomes occupied;</li>
 * <li>HELD -> DECLINED = {@code rejected}: the facility refused, with its reason; or, reason {@code NO_PLACE}, its
 *     count fell below its holds after the referral's waitlist time was over;</li>
 * <li>HELD/WAITLISTED -> EXPIRED = {@code failed}: nobody came in time, or no place within the waitlist time;</li>
 * <li>HELD/WAITLISTED -> CANCELLED = {@code cancelled}: the patrol withdrew the request.</li>
 * </ul>
 */
@ApplicationScoped
public class ReferralLifecycle {

    private static final Logger LOG = Logger.getLogger(ReferralLifecycle.class);

    /** Reason of HELD -> WAITLISTED: the facility's count fell below its holds, or it closed. */
    public static final String PLACE_WITHDRAWN = "PLACE_WITHDRAWN";

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
     * For a referral taken from the waitlist, in waitlist order; a new request goes through {@link #firstMatch}.
     */
    public Uni<Boolean> tryHold(Referral referral, Instant now) {
        return ranked(referral, now).chain(ranked -> holdFirstFree(referral, ranked.iterator()));
    }

    /**
     * A new request's match: like {@link #tryHold}, but never ahead of the waitlist. A place that some referral
     * waiting ahead of this one (waitlist order: urgency, then request time) could take is left to the waitlist,
     * and the next ranked facility is tried. The referral is unchanged unless HELD.
     */
    public Uni<FirstMatch> firstMatch(Referral referral, Instant now) {
        return ranked(referral, now).chain(ranked -> ranked.isEmpty()
                ? Uni.createFrom().item(FirstMatch.NO_PLACE)
                : referrals.waitingAhead(referral).chain(ahead -> {
                    List<FacilityAvailability> notWaitedFor = ranked.stream()
                            .filter(facility -> !matcher.anyFits(facility, ahead))
                            .toList();
                    boolean leftToWaitlist = notWaitedFor.size() < ranked.size();
                    return holdFirstFree(referral, notWaitedFor.iterator()).map(held -> held ? FirstMatch.HELD
                            : leftToWaitlist ? FirstMatch.LEFT_TO_WAITLIST : FirstMatch.NO_PLACE);
                }));
    }

    /** What a new request's match came to. */
    public enum FirstMatch {
        HELD,
        /** Not held, and some place was left to referrals waiting ahead: the waitlist needs a pass. */
        LEFT_TO_WAITLIST,
        NO_PLACE
    }

    /** No place now: the referral waits, until the waitlist time counted from the patrol's request. */
    public Uni<Void> waitlist(Referral referral, Instant now) {
        referral.waitlistExpiresAt = referral.requestedAt.plus(waitlist.duration());
        return move(referral, ReferralStatus.WAITLISTED, null, now);
    }

    /**
     * Ends the referral: ARRIVED, DECLINED, EXPIRED or CANCELLED. A hold that ends without an arrival gives its
     * place back at once; an arrival's place stays counted ("consumed") until capacity-service's count includes
     * the person ({@link #arrivalsCounted}), so the place is never offered twice in between.
     */
    public Uni<Void> end(Referral referral, ReferralStatus next, String reason, Instant now) {
        boolean release = referral.status == ReferralStatus.HELD && next != ReferralStatus.ARRIVED;
        Instant at = notBeforeLastStep(referral, now);
        if (next == ReferralStatus.ARRIVED) {
            referral.arrivedAt = at;
        }
        Uni<Void> moved = move(referral, next, reason, at);
        return release ? moved.chain(() -> releasePlace(referral)) : moved;
    }

    /**
     * The facility's count fell below its holds, or it closed: this HELD referral's place is withdrawn. The place goes
     * back and the referral waits again (HELD -> WAITLISTED, {@link #PLACE_WITHDRAWN}), keeping its request time and
     * urgency so it stays ahead of later requests; when its waitlist time is already over ({@code now} is the
     * database's time) it is DECLINED {@code NO_PLACE} instead. The caller re-matches the waitlist afterwards.
     */
    public Uni<Void> withdraw(Referral referral, Instant now) {
        Instant waitlistEnds = referral.requestedAt.plus(waitlist.duration());
        if (!waitlistEnds.isAfter(now)) {
            return end(referral, ReferralStatus.DECLINED, DeclineReason.NO_PLACE.name(), now);
        }
        referral.waitlistExpiresAt = waitlistEnds;
        return move(referral, ReferralStatus.WAITLISTED, PLACE_WITHDRAWN, now).chain(() -> releasePlace(referral));
    }

    /**
     * capacity-service's count of the facility includes these arrivals (named, or arrived before {@code arrivedBefore},
     * see {@link ReferralRepository#stopCountingArrivals}): their consumed holds stop counting, each once. Returns
     * how many places were given back (0 for a replay).
     */
    public Uni<Integer> arrivalsCounted(String facilityId, Collection<String> referralIds, Instant arrivedBefore) {
        return referrals.stopCountingArrivals(facilityId, referralIds, arrivedBefore)
                .call(released -> released == 0
                        ? Uni.createFrom().voidItem()
                        : facilities.release(facilityId, released).chain(this::publish));
    }

    /** Facilities that suit the referral and offer a place, best first. */
    private Uni<List<FacilityAvailability>> ranked(Referral referral, Instant now) {
        return facilities.offering(matcher.reach(referral).arrondissements(), referral.preferredKinds())
                .map(offering -> matcher.rank(referral, offering, now));
    }

    private Uni<Boolean> holdFirstFree(Referral referral, Iterator<FacilityAvailability> ranked) {
        if (!ranked.hasNext()) {
            return Uni.createFrom().item(false);
        }
        FacilityAvailability facility = ranked.next();
        return facilities.hold(facility.facilityId).chain(count -> count.isPresent()
                ? held(referral, count.get(), matcher.distanceMeters(referral, facility)).replaceWith(true)
                : holdFirstFree(referral, ranked));
    }

    /**
     * The place is held from the database's time of the hold, for every instance alike. The patrol is told how far it is
     * (null when the request or the facility has no position).
     */
    private Uni<Void> held(Referral referral, HeldCount count, Integer distanceMeters) {
        referral.facilityId = count.facilityId();
        referral.holdCounted = true;
        referral.heldAt = count.at();
        referral.holdExpiresAt = count.at().plus(hold.duration());
        return move(referral, ReferralStatus.HELD, null, count.at(), distanceMeters)
                .chain(() -> events.holdsChanged(count));
    }

    private Uni<Void> releasePlace(Referral referral) {
        referral.holdCounted = false;
        return facilities.release(referral.facilityId).chain(this::publish);
    }

    private Uni<Void> move(Referral referral, ReferralStatus next, String reason, Instant now) {
        return move(referral, next, reason, now, null);
    }

    private Uni<Void> move(Referral referral, ReferralStatus next, String reason, Instant now, Integer distanceMeters) {
        ReferralStatus previous = referral.status;
        if (!previous.canBecome(next)) {
            return Uni.createFrom().failure(ProblemException.conflict(
                    "Referral " + referral.id + " is " + previous + " and cannot become " + next + "."));
        }
        Instant at = notBeforeLastStep(referral, now);
        referral.status = next;
        referral.reason = reason;
        referral.updatedAt = at;
        return transitions.persist(ReferralTransition.of(referral, previous, at))
                .chain(() -> events.statusChanged(referral, previous, at, distanceMeters));
    }

    /**
     * The time of a referral's next step: {@code now}, or its last step's time when that is later. A hold is dated by
     * the database, the other steps by an instance's clock read before the referral's lock was granted: a cancellation
     * that waited for the hold's commit was dated before the hold (by time, its history read CANCELLED then HELD, and a
     * reader ordering by time showed it held). A referral's steps, events and {@code updatedAt} never go back in time.
     */
    private static Instant notBeforeLastStep(Referral referral, Instant now) {
        return referral.updatedAt != null && now.isBefore(referral.updatedAt) ? referral.updatedAt : now;
    }

    private Uni<Void> publish(Optional<HeldCount> count) {
        if (count.isEmpty()) {
            // Fewer places held than given back (should not happen; never worth failing a transition).
            LOG.warn("released more held places than a facility had");
            return Uni.createFrom().voidItem();
        }
        return events.holdsChanged(count.get());
    }
}
