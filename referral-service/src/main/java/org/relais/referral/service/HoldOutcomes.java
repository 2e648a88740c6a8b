package org.relais.referral.service;

import org.relais.common.security.Actor;
import org.relais.events.DeclineReason;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.relais.common.problem.ProblemException;
import org.relais.events.ReferralStatus;
import org.relais.outbox.audit.AuditTrail;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;

/**
 * A hold's outcome at the facility: the person arrived, or the facility declines; and the holds a facility has
 * now. Holds are placed by {@link ReferralLifecycle#tryHold}, never here. Only an operator of the facility
 * holding the place may do either; the check runs on the locked referral, before anything changes, and each step
 * is audited in the same transaction.
 */
@ApplicationScoped
public class HoldOutcomes {

    private final ReferralRepository referrals;
    private final FacilityAvailabilityRepository facilities;
    private final ReferralLifecycle lifecycle;
    private final AuditTrail audit;

    public HoldOutcomes(ReferralRepository referrals, FacilityAvailabilityRepository facilities, ReferralLifecycle lifecycle,
            AuditTrail audit) {
        this.referrals = referrals;
        this.facilities = facilities;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    /**
     * The person arrived at the facility holding their place: HELD -> ARRIVED. capacity-service then lowers
     * {@code free} (it consumes the status event); until it has, the place stays counted as held.
     */
    @WithTransaction
    public Uni<Referral> arrive(Actor actor, String referralId, String facilityId) {
        Instant now = Instant.now();
        return heldReferral(actor, referralId, ReferralStatus.ARRIVED).chain(referral -> {
            if (facilityId != null && !facilityId.equals(referral.facilityId)) {
                return Uni.createFrom().failure(ProblemException.conflict(
                        "Referral " + referralId + " is not held at facility " + facilityId + "."));
            }
            return audited(actor, "REFERRAL_ARRIVED", referral,
                    () -> lifecycle.end(referral, ReferralStatus.ARRIVED, null, now));
        });
    }

    /** The facility refuses the person, saying why: HELD -> DECLINED, and the place is offered again. */
    @WithTransaction
    public Uni<Referral> decline(Actor actor, String referralId, DeclineReason reason) {
        Instant now = Instant.now();
        return heldReferral(actor, referralId, ReferralStatus.DECLINED).chain(referral -> audited(actor,
                "REFERRAL_DECLINED", referral, () -> lifecycle.end(referral, ReferralStatus.DECLINED, reason.name(), now)));
    }

    /** Active holds, of one facility (which must exist) or of all. */
    @WithSession
    public Uni<List<Referral>> activeHolds(String facilityId) {
        if (facilityId == null) {
            return referrals.activeHolds(null);
        }
        return facilities.findById(facilityId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No facility " + facilityId + "."))
                .chain(facility -> referrals.activeHolds(facilityId));
    }

    /** Runs the step and records it (who, before, after) in the caller's transaction. */
    private Uni<Referral> audited(Actor actor, String action, Referral referral, Supplier<Uni<Void>> step) {
        ReferralAuditView before = ReferralAuditView.of(referral);
        return step.get()
                .chain(() -> audit.record(actor.subject(), actor.role(), action, "referral", referral.id,
                        referral.facilityId, before, ReferralAuditView.of(referral)))
                .replaceWith(referral);
    }

    /**
     * The referral, locked, if the actor may act on it (404 unknown, 403 another facility's) and it is HELD
     * (409 otherwise: the only status an arrival or a decline may follow).
     */
    private Uni<Referral> heldReferral(Actor actor, String referralId, ReferralStatus next) {
        return referrals.lock(referralId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No referral " + referralId + "."))
                .invoke(referral -> {
                    actor.requireFacility(referral.facilityId);
                    if (!referral.status.canBecome(next)) {
                        throw ProblemException.conflict("Referral " + referralId + " is " + referral.status
                                + ", not held: it cannot become " + next + ".");
                    }
                });
    }
}
