package org.relais.referral.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import org.relais.events.ReferralStatus;

@ApplicationScoped
public class ReferralRepository implements PanacheRepositoryBase<Referral, String> {

    /** Locks the referral for a lifecycle step (waits for a concurrent step to finish); null if unknown. */
    public Uni<Referral> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks a HELD referral whose hold has run out; null if not (any more) the case. */
    public Uni<Referral> lockExpiredHold(String id, Instant now) {
        return lockSkipping(id, "status = 'HELD' AND hold_expires_at <= ?2", now);
    }

    /** Locks a WAITLISTED referral that waited too long; null if not (any more) the case. */
    public Uni<Referral> lockExpiredWaitlisted(String id, Instant now) {
        return lockSkipping(id, "status = 'WAITLISTED' AND waitlist_expires_at <= ?2", now);
    }

    /** Locks a referral still waiting for a place; null if not (any more) the case. */
    public Uni<Referral> lockWaiting(String id, Instant now) {
        return lockSkipping(id, "status = 'WAITLISTED' AND waitlist_expires_at > ?2", now);
    }

    /** Waitlisted referrals of an arrondissement, most urgent first, then oldest. */
    public Uni<List<String>> waitlist(String arrondissement, Instant now, int limit) {
        return find("select id from Referral where status = ?1 and arrondissement = ?2 and waitlistExpiresAt > ?3"
                        + " order by urgency desc nulls last, requestedAt, id",
                ReferralStatus.WAITLISTED, arrondissement, now)
                .project(String.class)
                .page(0, limit)
                .list();
    }

    /** Arrondissements where someone waits while some facility offers a place: worth a re-matching pass. */
    public Uni<List<String>> arrondissementsToRematch(Instant now) {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT r.arrondissement FROM referral r
                        WHERE r.status = 'WAITLISTED' AND r.waitlist_expires_at > ?1
                          AND EXISTS (SELECT 1 FROM facility_availability f
                                      WHERE f.arrondissement = r.arrondissement AND f.active AND f.free - f.held > 0)""",
                        String.class)
                .setParameter(1, now)
                .getResultList());
    }

    /** Ids of HELD referrals whose hold has run out. */
    public Uni<List<String>> expiredHolds(Instant now, int limit) {
        return find("select id from Referral where status = ?1 and holdExpiresAt <= ?2 order by holdExpiresAt",
                ReferralStatus.HELD, now).project(String.class).page(0, limit).list();
    }

    /** Ids of WAITLISTED referrals that waited too long. */
    public Uni<List<String>> expiredWaitlist(Instant now, int limit) {
        return find("select id from Referral where status = ?1 and waitlistExpiresAt <= ?2 order by waitlistExpiresAt",
                ReferralStatus.WAITLISTED, now).project(String.class).page(0, limit).list();
    }

    /**
     * An arrival's hold stops counting once capacity-service has counted the arrival itself (its
     * ARRIVAL-caused state event): true when this call is the one that stopped it.
     */
    public Uni<Boolean> stopCountingArrival(String referralId, String facilityId) {
        return update("holdCounted = false where id = ?1 and facilityId = ?2 and status = ?3 and holdCounted = true",
                referralId, facilityId, ReferralStatus.ARRIVED).map(n -> n == 1);
    }

    /** Active holds, oldest first; all facilities when {@code facilityId} is null. */
    public Uni<List<Referral>> activeHolds(String facilityId) {
        return facilityId == null
                ? list("status = ?1 order by heldAt, id", ReferralStatus.HELD)
                : list("status = ?1 and facilityId = ?2 order by heldAt, id", ReferralStatus.HELD, facilityId);
    }

    /**
     * Locks the referral if it still meets {@code condition}, skipping it when another transaction (maybe
     * another instance) has it locked: that one is dealing with it. Used by jobs that several instances run.
     */
    private Uni<Referral> lockSkipping(String id, String condition, Instant now) {
        return getSession().chain(session -> session
                        .createNativeQuery("SELECT * FROM referral WHERE id = ?1 AND " + condition + " FOR UPDATE SKIP LOCKED",
                                Referral.class)
                        .setParameter(1, id)
                        .setParameter(2, now)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
