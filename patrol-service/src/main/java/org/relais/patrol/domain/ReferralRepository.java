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
    private static final FacilityKindsConverter KINDS = new FacilityKindsConverter();

    /**
     * Inserts the referral unless the same patrol already sent this Idempotency-Key. A concurrent insert of the
     * same key waits for the first transaction and then inserts nothing, so a racing replay never fails and never
     * creates a second referral. Returns false for a replay.
     */
    public Uni<Boolean> insertUnlessReplayed(Referral r) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO referral (id, patrol_id, idempotency_key, request_fingerprint, person_hash, note,
                    arrondissement, latitude, longitude, gender, couple, pet, wheelchair, active_use, kinds, urgency,
                    status, requested_at, updated_at)
                -- Nullable values are cast so that PostgreSQL knows their type when they are null.
                VALUES (?1, ?2, CAST(?3 AS text), CAST(?4 AS text), ?5, CAST(?6 AS text), ?7, CAST(?8 AS float8),
                    CAST(?9 AS float8), CAST(?10 AS text), ?11, ?12, ?13, ?14, ?15, CAST(?16 AS integer), ?17, ?18, ?19)
                ON CONFLICT (patrol_id, idempotency_key) DO NOTHING""")
                .setParameter(1, r.id)
                .setParameter(2, r.patrolId)
                .setParameter(3, r.idempotencyKey)
                .setParameter(4, r.requestFingerprint)
                .setParameter(5, r.personHash)
                .setParameter(6, r.note)
                .setParameter(7, r.arrondissement)
                .setParameter(8, r.latitude)
                .setParameter(9, r.longitude)
                .setParameter(10, r.gender == null ? null : r.gender.name())
                .setParameter(11, r.couple)
                .setParameter(12, r.pet)
                .setParameter(13, r.wheelchair)
                .setParameter(14, r.activeUse)
                .setParameter(15, KINDS.convertToDatabaseColumn(r.kinds))
                .setParameter(16, r.urgency)
                .setParameter(17, r.status.name())
                .setParameter(18, r.requestedAt)
                .setParameter(19, r.updatedAt)
                .executeUpdate())
                .map(inserted -> inserted.intValue() == 1);
    }

    public Uni<Referral> findReplayed(String patrolId, String idempotencyKey) {
        return find("patrolId = ?1 and idempotencyKey = ?2", patrolId, idempotencyKey).firstResult();
    }

    public Uni<List<Referral>> newestOfPatrol(String patrolId, int limit) {
        return find("patrolId", Sort.descending("requestedAt").and("id"), patrolId).page(Page.ofSize(limit)).list();
    }

    /**
     * Applies a lifecycle transition only from a status that allows it, in one conditional update (no
     * read-then-write). Returns 0 when the referral is unknown here or the transition does not apply.
     */
    public Uni<Integer> applyTransition(ReferralStatusEvent event) {
        List<ReferralStatus> from = Arrays.stream(ReferralStatus.values())
                .filter(status -> status.canBecome(event.status())).toList();
        if (from.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("status = ?1, facilityId = coalesce(?2, facilityId), holdExpiresAt = ?3, reason = ?4, updatedAt = ?5"
                        + " where id = ?6 and status in ?7",
                event.status(), event.facilityId(), event.holdExpiresAt(), event.reason(), event.occurredAt(),
                event.referralId(), from);
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
