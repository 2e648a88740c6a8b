package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;

/**
 * Withdraws the holds a facility can no longer honour: its count fell below its held places (free = 2, held = 2, two
 * people walk in, the operator reports free = 0), its total dropped, or it is no longer active. The newest HELD holds
 * go first ({@link ReferralLifecycle#withdraw}: back to the waitlist, or DECLINED NO_PLACE once the waitlist time is
 * over); consumed holds (ARRIVED, still counted) are never withdrawn, the person is there.
 *
 * <p>Runs inside the transaction that stores the lowered count ({@link #lockHoldsAbove}, {@link #withdrawLocked}), and
 * in transactions of its own for holds placed meanwhile ({@link #withdrawExcessHolds}). It takes the referral rows'
 * locks before the facility row's, as every other step does (decline, cancel, expiry, arrival's release), so it never deadlocks with them.
 * Safe on several instances: how many to withdraw is counted again under the facility's lock, and a referral another
 * step changed meanwhile is no longer HELD when its lock is granted, so it is left out. No new hold can be placed
 * while the facility holds too many (the hold's conditional update), so the passes end.
 */
@ApplicationScoped
public class HoldWithdrawal {

    private static final Logger LOG = Logger.getLogger(HoldWithdrawal.class);

    private final FacilityAvailabilityRepository facilities;
    private final ReferralRepository referrals;
    private final ReferralLifecycle lifecycle;

    public HoldWithdrawal(FacilityAvailabilityRepository facilities, ReferralRepository referrals,
            ReferralLifecycle lifecycle) {
        this.facilities = facilities;
        this.referrals = referrals;
        this.lifecycle = lifecycle;
    }

    /**
     * The facility's HELD referrals, newest first, that a state keeping {@code keepable} places would leave above its
     * count, locked (read without the facility's lock, so an estimate: {@link #withdrawLocked} counts again). Called
     * before the facility row is locked, so that the state and the withdrawals it calls for commit together.
     */
    public Uni<List<Referral>> lockHoldsAbove(String facilityId, int keepable) {
        return facilities.heldPlaces(facilityId).chain(held -> held > keepable
                ? referrals.lockNewestHolds(facilityId, held - keepable)
                : Uni.createFrom().item(List.of()));
    }

    /**
     * In the caller's transaction, with these newest holds locked ({@link #lockHoldsAbove}): locks the facility and
     * withdraws as many of them as it now holds too many. Returns how many were withdrawn.
     */
    public Uni<Integer> withdrawLocked(String facilityId, List<Referral> locked) {
        return locked.isEmpty()
                ? Uni.createFrom().item(0)
                : withdrawNewest(facilityId, locked).invoke(pass -> logged(facilityId, pass)).map(Pass::withdrawn);
    }

    /** Withdraws holds until the facility holds no more than it can; returns how many were withdrawn. */
    public Uni<Integer> withdrawExcessHolds(String facilityId) {
        return pass(facilityId).chain(pass -> pass.more()
                ? withdrawExcessHolds(facilityId).map(later -> pass.withdrawn() + later)
                : Uni.createFrom().item(pass.withdrawn()));
    }

    /** One transaction's withdrawals; {@code more} when holds above the count may remain. */
    private record Pass(int withdrawn, boolean more) {
        static final Pass DONE = new Pass(0, false);
    }

    private Uni<Pass> pass(String facilityId) {
        return Panache.withTransaction(() -> facilities.excessHolds(facilityId).chain(estimate -> estimate <= 0
                        ? Uni.createFrom().item(Pass.DONE)
                        : referrals.lockNewestHolds(facilityId, estimate).chain(newest -> newest.isEmpty()
                                // Only consumed holds above the count: they stop counting once capacity counts them.
                                ? Uni.createFrom().item(Pass.DONE)
                                : withdrawNewest(facilityId, newest))))
                .invoke(pass -> logged(facilityId, pass));
    }

    private static void logged(String facilityId, Pass pass) {
        if (pass.withdrawn() > 0) {
            LOG.infof("withdrew %d hold(s) at facility %s: its count fell below its holds", pass.withdrawn(), facilityId);
        }
    }

    /** With the newest holds locked, locks the facility and withdraws as many of them as it holds too many. */
    private Uni<Pass> withdrawNewest(String facilityId, List<Referral> newest) {
        return facilities.lockExcessHolds(facilityId).chain(excess -> {
            List<Referral> withdrawn = newest.subList(0, Math.max(0, Math.min(excess.places(), newest.size())));
            return Multi.createFrom().iterable(withdrawn)
                    .onItem().transformToUniAndConcatenate(referral -> lifecycle.withdraw(referral, excess.at()))
                    .collect().last()
                    .replaceWith(new Pass(withdrawn.size(), !withdrawn.isEmpty() && excess.places() > withdrawn.size()));
        });
    }
}
