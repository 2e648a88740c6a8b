package org.relais.referral.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.relais.common.persistence.InList;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;

/**
 * Referral rows. Times that decide expiry are compared with the database's {@code now()}, never with an instance's
 * clock: instances may disagree by seconds, the database is one.
 */
@ApplicationScoped
public class ReferralRepository implements PanacheRepositoryBase<Referral, String> {

    /**
     * Waitlist order as one ascending key (index referral_waitlist): most urgent first, unknown urgency last, then
     * oldest request, then id. {@link Referral#waitlistRank()} is its first part.
     */
    private static final String WAITLIST_KEY = "(-COALESCE(urgency, -1), requested_at, id)";
    private static final String WAITLIST_ORDER = "-COALESCE(urgency, -1), requested_at, id";
    private static final String STILL_WAITING = "status = 'WAITLISTED' AND waitlist_expires_at > now()";

    /** Locks the referral for a lifecycle step (waits for a concurrent step to finish); null if unknown. */
    public Uni<Referral> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks a HELD referral whose hold has run out; null if not (any more) the case. */
    public Uni<Referral> lockExpiredHold(String id) {
        return lockSkipping(id, "status = 'HELD' AND hold_expires_at <= now()");
    }

    /** Locks a WAITLISTED referral that waited too long; null if not (any more) the case. */
    public Uni<Referral> lockExpiredWaitlisted(String id) {
        return lockSkipping(id, "status = 'WAITLISTED' AND waitlist_expires_at <= now()");
    }

    /** Locks a referral still waiting for a place; null if not (any more) the case. */
    public Uni<Referral> lockWaiting(String id) {
        return lockSkipping(id, STILL_WAITING);
    }

    /**
     * One page of the waitlist of these arrondissements (one waitlist, see {@link Reach#waitlistScope}), in waitlist
     * order, after {@code after} (from the start when null): a pass pages through a waitlist of any depth with this
     * keyset.
     */
    public Uni<List<Referral>> waitlist(Collection<String> arrondissements, Referral after, int limit) {
        String sql = "SELECT * FROM referral WHERE " + STILL_WAITING + " AND arrondissement IN (?1)"
                + (after == null ? "" : " AND " + WAITLIST_KEY + " > (?3, ?4, ?5)")
                + " ORDER BY " + WAITLIST_ORDER + " LIMIT ?2";
        return getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Referral.class)
                    .setParameter(1, arrondissements)
                    .setParameter(2, limit);
            if (after != null) {
                query.setParameter(3, after.waitlistRank()).setParameter(4, after.requestedAt).setParameter(5, after.id);
            }
            return query.getResultList();
        });
    }

    /**
     * What the referrals waiting ahead of this one (waitlist order, in the waitlist its arrondissement shares) ask for,
     * each kind, set of needs and reach once: a place one of them could take is theirs before it is this referral's.
     */
    public Uni<List<WaitingNeeds>> waitingAhead(Referral referral) {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT k.kind, r.gender, r.couple, r.pet, r.wheelchair, r.active_use,
                               r.arrondissement, r.latitude, r.longitude, r.same_arrondissement_only
                        FROM referral r CROSS JOIN LATERAL unnest(r.kinds) AS k(kind)
                        WHERE r.status = 'WAITLISTED' AND r.waitlist_expires_at > now() AND r.arrondissement IN (?1)
                          AND (-COALESCE(r.urgency, -1), r.requested_at, r.id) < (?2, ?3, ?4)""", Object[].class)
                        .setParameter(1, Reach.waitlistScope(referral.arrondissement))
                        .setParameter(2, referral.waitlistRank())
                        .setParameter(3, referral.requestedAt)
                        .setParameter(4, referral.id)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> new WaitingNeeds(FacilityKind.valueOf((String) row[0]),
                        new Needs(row[1] == null ? null : Gender.valueOf((String) row[1]),
                                (Boolean) row[2], (Boolean) row[3], (Boolean) row[4], (Boolean) row[5]),
                        (String) row[6], (Double) row[7], (Double) row[8], (Boolean) row[9])).toList());
    }

    /**
     * Arrondissements where someone waits while some facility offers a place in the same arrondissement or, for the
     * board's, anywhere on the board: worth a re-matching pass.
     */
    public Uni<List<String>> arrondissementsToRematch() {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT r.arrondissement FROM referral r
                        WHERE r.status = 'WAITLISTED' AND r.waitlist_expires_at > now()
                          AND EXISTS (SELECT 1 FROM facility_availability f
                                      WHERE (f.arrondissement = r.arrondissement
                                             OR (r.arrondissement IN (?1) AND f.arrondissement IN (?1)))
                                        AND f.active AND f.free - f.held > 0)""",
                        String.class)
                .setParameter(1, Reach.BOARD)
                .getResultList());
    }

    /** Ids of HELD referrals whose hold has run out. */
    public Uni<List<String>> expiredHolds(int limit) {
        return ids("select id from Referral where status = ?1 and holdExpiresAt <= current_timestamp"
                + " order by holdExpiresAt limit ?2", ReferralStatus.HELD, limit);
    }

    /** Ids of WAITLISTED referrals that waited too long. */
    public Uni<List<String>> expiredWaitlist(int limit) {
        return ids("select id from Referral where status = ?1 and waitlistExpiresAt <= current_timestamp"
                + " order by waitlistExpiresAt limit ?2", ReferralStatus.WAITLISTED, limit);
    }

    /**
     * Consumed holds (ARRIVED, still counted) of the facility whose arrival its count now includes: those named, and
     * those that arrived before {@code arrivedBefore} (null: none by time). They stop counting, each exactly once (the
     * update is conditional on {@code hold_counted}); returns how many did.
     */
    public Uni<Integer> stopCountingArrivals(String facilityId, Collection<String> referralIds, Instant arrivedBefore) {
        List<String> counted = new ArrayList<>();
        List<Object> parameters = new ArrayList<>(List.of(facilityId, ReferralStatus.ARRIVED));
        if (!referralIds.isEmpty()) {
            counted.add("id in " + InList.of(referralIds, parameters));
        }
        if (arrivedBefore != null) {
            parameters.add(arrivedBefore);
            counted.add("arrivedAt < ?" + parameters.size());
        }
        if (counted.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("holdCounted = false where facilityId = ?1 and status = ?2 and holdCounted = true and ("
                + String.join(" or ", counted) + ")", parameters.toArray());
    }

    /**
     * Locks the facility's newest HELD referrals, newest first (a fixed order, so two instances withdrawing holds of
     * the same facility never deadlock). Waits for a referral another step holds; one that is no longer HELD once it
     * gets the lock is left out, so fewer than {@code limit} may come back.
     */
    public Uni<List<Referral>> lockNewestHolds(String facilityId, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT * FROM referral WHERE facility_id = ?1 AND status = 'HELD'
                        ORDER BY held_at DESC, id DESC LIMIT ?2 FOR UPDATE""", Referral.class)
                .setParameter(1, facilityId)
                .setParameter(2, limit)
                .getResultList());
    }

    /** Active holds, oldest first; all facilities when {@code facilityId} is null. */
    public Uni<List<Referral>> activeHolds(String facilityId) {
        return facilityId == null
                ? list("status = ?1 order by heldAt, id", ReferralStatus.HELD)
                : list("status = ?1 and facilityId = ?2 order by heldAt, id", ReferralStatus.HELD, facilityId);
    }

    /**
     * HQL, its limit a parameter of the query itself: Hibernate caches its plan (a limit set on the query, as
     * setMaxResults does, has the plan built again at each execution, and a scalar native query adds a cache entry
     * that never matches at each call).
     */
    private Uni<List<String>> ids(String hql, ReferralStatus status, int limit) {
        return getSession().chain(session -> session.createSelectionQuery(hql, String.class)
                .setParameter(1, status)
                .setParameter(2, limit)
                .getResultList());
    }

    /**
     * Locks the referral if it still meets {@code condition}, skipping it when another transaction (maybe
     * another instance) has it locked: that one is dealing with it. Used by jobs that several instances run.
     */
    private Uni<Referral> lockSkipping(String id, String condition) {
        return getSession().chain(session -> session
                        .createNativeQuery("SELECT * FROM referral WHERE id = ?1 AND " + condition + " FOR UPDATE SKIP LOCKED",
                                Referral.class)
                        .setParameter(1, id)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
