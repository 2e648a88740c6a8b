package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.relais.common.problem.ProblemException;
import org.relais.events.ReferralStatus;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;

/** The facility's side of a hold: the person arrived, or the facility declines. */
@ApplicationScoped
public class HoldService {

    private final ReferralRepository referrals;
    private final FacilityAvailabilityRepository facilities;
    private final ReferralLifecycle lifecycle;

    public HoldService(ReferralRepository referrals, FacilityAvailabilityRepository facilities, ReferralLifecycle lifecycle) {
        this.referrals = referrals;
        this.facilities = facilities;
        this.lifecycle = lifecycle;
    }

    /**
     * The person arrived at the facility holding their place: HELD -> ARRIVED. capacity-service then lowers
     * {@code free} (it consumes the status event); until it has, the place stays counted as held.
     */
    @WithTransaction
    public Uni<Referral> arrive(String referralId, String facilityId) {
        Instant now = Instant.now();
        return heldReferral(referralId, ReferralStatus.ARRIVED).chain(referral -> {
            if (facilityId != null && !facilityId.equals(referral.facilityId)) {
                return Uni.createFrom().failure(ProblemException.conflict(
                        "Referral " + referralId + " is not held at facility " + facilityId + "."));
            }
            return lifecycle.end(referral, ReferralStatus.ARRIVED, null, now).replaceWith(referral);
        });
    }

    /** The facility refuses the person, saying why: HELD -> DECLINED, and the place is offered again. */
    @WithTransaction
    public Uni<Referral> decline(String referralId, String reason) {
        Instant now = Instant.now();
        return heldReferral(referralId, ReferralStatus.DECLINED)
                .call(referral -> lifecycle.end(referral, ReferralStatus.DECLINED, reason, now));
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

    /** The referral, locked, if it is HELD (the only status an arrival or a decline may follow). */
    private Uni<Referral> heldReferral(String referralId, ReferralStatus next) {
        return referrals.lock(referralId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No referral " + referralId + "."))
                .invoke(referral -> {
                    if (!referral.status.canBecome(next)) {
                        throw ProblemException.conflict("Referral " + referralId + " is " + referral.status
                                + ", not held: it cannot become " + next + ".");
                    }
                });
    }
}
