package org.relais.patrol.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

@ApplicationScoped
public class ReferralRepository implements PanacheRepositoryBase<Referral, String> {

    private static final List<ReferralStatus> FINAL = Arrays.stream(ReferralStatus.values())
            .filter(ReferralStatus::isFinal).toList();
    /** The statuses in which a referral keeps its person from being referred again (as the V3 index lists them). */
    private static final List<ReferralStatus> ACTIVE = Arrays.stream(ReferralStatus.values())
            .filter(status -> !status.isFinal()).toList();
    private static final FacilityKindsConverter KINDS = new FacilityKindsConverter();

    /**
     * Inserts the referral unless it conflicts: the same patrol already sent this Idempotency-Key (a replay), or the
     * person already has an active referral (the partial unique index of V3). A concurrent insert that conflicts
     * waits for the first transaction and then inserts nothing, so two requests racing (a replay, or two patrols
     * meeting the same person) never both win and never fail. Returns false when nothing was inserted: the caller
     * then finds out which of the two it was.
     */
    public Uni<Boolean> insertUnlessConflicting(Referral r) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO referral (id, patrol_id, idempotency_key, request_fingerprint, person_hash,
                    arrondissement, latitude, longitude, gender, couple, pet, wheelchair, active_use, kinds, urgency,
                    status, requested_at, updated_at, same_arrondissement_only)
                -- Nullable values are cast so that PostgreSQL knows their type when they are null.
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS float8), CAST(?8 AS float8), CAST(?9 AS text), ?10,
                    ?11, ?12, ?13, ?14, CAST(?15 AS integer), ?16, ?17, ?18, ?19)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, r.id)
                .setParameter(2, r.patrolId)
                .setParameter(3, r.idempotencyKey)
                .setParameter(4, r.requestFingerprint)
                .setParameter(5, r.personHash)
                .setParameter(6, r.arrondissement)
                .setParameter(7, r.latitude)
                .setParameter(8, r.longitude)
                .setParameter(9, r.gender == null ? null : r.gender.name())
                .setParameter(10, r.couple)
                .setParameter(11, r.pet)
                .setParameter(12, r.wheelchair)
                .setParameter(13, r.activeUse)
                .setParameter(14, KINDS.convertToDatabaseColumn(r.kinds))
                .setParameter(15, r.urgency)
                .setParameter(16, r.status.name())
                .setParameter(17, r.requestedAt)
                .setParameter(18, r.updatedAt)
                .setParameter(19, r.sameArrondissementOnly)
                .executeUpdate())
                .map(inserted -> inserted.intValue() == 1);
    }

    public Uni<Referral> findReplayed(String patrolId, String idempotencyKey) {
        return find("patrolId = ?1 and idempotencyKey = ?2", patrolId, idempotencyKey).firstResult();
    }

    /**
     * The person's active referral, or null: one still REQUESTED, HELD or WAITLISTED whose cancellation was not asked
     * for, exactly the rows of the unique index {@code referral_one_active_per_person}.
     */
    public Uni<Referral> findActiveOfPerson(String personHash) {
        return find("personHash = ?1 and status in ?2 and cancelRequestedAt is null", personHash, ACTIVE).firstResult();
    }

    public Uni<List<Referral>> newestOfPatrol(String patrolId, int limit) {
        return find("patrolId", Sort.descending("requestedAt").and("id"), patrolId).page(Page.ofSize(limit)).list();
    }

    /**
     * Locks the row of the referral's patrol until the transaction ends, and returns the patrol's id (null when the
     * referral is unknown here). Taken before a change's number ({@link #nextChangeSeq}), it makes the patrol's changes
     * commit in the order of their numbers: a stream resumed after number n can never miss one below n committing
     * later. NO KEY UPDATE: a new referral's foreign key (KEY SHARE) does not wait for it.
     */
    public Uni<String> lockPatrolOf(String referralId) {
        return getSession().chain(session -> session.createNativeQuery(
                        "SELECT p.id FROM patrol p WHERE p.id = (SELECT r.patrol_id FROM referral r WHERE r.id = ?1)"
                                + " FOR NO KEY UPDATE", String.class)
                .setParameter(1, referralId)
                .getSingleResultOrNull());
    }

    /** The next change number (V6); a number taken by a transition that does not apply is simply never used. */
    public Uni<Long> nextChangeSeq() {
        return getSession().chain(session -> session.createNativeQuery("SELECT nextval('referral_change_seq')", Long.class)
                .getSingleResult());
    }

    /** The patrol's referrals changed after change number {@code after}, in the order of their changes. */
    public Uni<List<Referral>> changedSince(String patrolId, long after) {
        return find("patrolId = ?1 and changeSeq > ?2", Sort.ascending("changeSeq"), patrolId, after).list();
    }

    /**
     * Applies a lifecycle transition only from a status that allows it ({@link StatusTransitions}), in one
     * conditional update (no read-then-write), numbering it {@code changeSeq}. Returns 0 when the referral is unknown
     * here or the transition does not apply.
     */
    public Uni<Integer> applyTransition(ReferralStatusEvent event, long changeSeq) {
        List<ReferralStatus> from = StatusTransitions.appliesFrom(event);
        if (from.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (event.status() == ReferralStatus.HELD) {
            // Each hold tells its own distance (a re-held referral may be held elsewhere).
            return update("status = ?1, facilityId = coalesce(?2, facilityId), holdExpiresAt = ?3, reason = ?4,"
                            + " updatedAt = ?5, changeSeq = ?9, distanceMeters = ?8 where id = ?6 and status in ?7",
                    event.status(), event.facilityId(), event.holdExpiresAt(), event.reason(), event.occurredAt(),
                    event.referralId(), from, event.distanceMeters(), changeSeq);
        }
        return update("status = ?1, facilityId = coalesce(?2, facilityId), holdExpiresAt = ?3, reason = ?4, updatedAt = ?5,"
                        + " changeSeq = ?8 where id = ?6 and status in ?7",
                event.status(), event.facilityId(), event.holdExpiresAt(), event.reason(), event.occurredAt(),
                event.referralId(), from, changeSeq);
    }

    /** Tells every instance listening on {@code channel}, when (and only if) the transaction commits. */
    public Uni<Void> notifyAtCommit(String channel, String payload) {
        return getSession().chain(session -> session.createNativeQuery("SELECT CAST(pg_notify(?1, ?2) AS text)", String.class)
                        .setParameter(1, channel)
                        .setParameter(2, payload)
                        .getSingleResultOrNull())
                .replaceWithVoid();
    }

    /**
     * Marks a cancellation as requested, once, only while the referral is not final and only for its own
     * patrol. Returns 0 when it is unknown, another patrol's, final, or already being cancelled.
     */
    public Uni<Integer> markCancelRequested(String id, String patrolId, Instant now) {
        return update("cancelRequestedAt = ?1 where id = ?2 and patrolId = ?3 and cancelRequestedAt is null"
                + " and status not in ?4", now, id, patrolId, FINAL);
    }
}
