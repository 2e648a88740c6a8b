package org.relais.patrol.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.relais.events.EventJson;
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

    private final EventJson json;

    public ReferralRepository(EventJson json) {
        this.json = json;
    }

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

    /** The patrol's referrals changed after change number {@code after}, in the order of their changes. */
    public Uni<List<Referral>> changedSince(String patrolId, long after) {
        return find("patrolId = ?1 and changeSeq > ?2", Sort.ascending("changeSeq"), patrolId, after).list();
    }

    /**
     * Applies status events of distinct referrals (at most one event per referral: a batch is applied in waves, see
     * ReferralService), each only from a status that allows it ({@link StatusTransitions}), in one statement of atomic
     * conditional updates (no read-then-write). Each applied change takes the next change number (V6). Returns the
     * referrals as each change left them, detached; a referral unknown here, or whose transition does not apply, is
     * not among them.
     *
     * <p>Why the numbers commit in order: the {@code locked} CTE locks the rows of the events' patrols (FOR NO KEY
     * UPDATE, sorted by id, so that two instances taking several always take them in the same order and never
     * deadlock) and is fully evaluated, as the one-time condition of the update, before any row is updated and so
     * before any {@code nextval}. Every number of a patrol is thus taken under its lock, held to commit: a transaction
     * numbering a change of the same patrol later waits for this one, and a stream resumed after number n can never
     * miss one below n committing later. The first wave of a batch names every referral of the batch, so the batch's
     * locks are all taken before its first number. NO KEY UPDATE: a new referral's foreign key (KEY SHARE) does not
     * wait for it.
     */
    public Uni<List<Referral>> applyTransitions(List<ReferralStatusEvent> events) {
        List<Transition> transitions = events.stream()
                .map(event -> new Transition(event.referralId(), event.status(), StatusTransitions.appliesFrom(event),
                        event.facilityId(), event.holdExpiresAt(), event.reason(), event.occurredAt(), event.distanceMeters()))
                .filter(transition -> !transition.fromStatuses().isEmpty())
                .toList();
        if (transitions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(session -> session.createNativeQuery("""
                WITH change AS (
                    SELECT * FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb)) AS c(referral_id text, status text,
                        from_statuses text[], facility_id text, hold_expires_at timestamptz, reason text,
                        occurred_at timestamptz, distance_meters integer)),
                locked AS MATERIALIZED (
                    SELECT p.id FROM patrol p
                    WHERE p.id IN (SELECT r.patrol_id FROM referral r JOIN change c ON c.referral_id = r.id)
                    ORDER BY p.id FOR NO KEY UPDATE)
                UPDATE referral r SET status = c.status, facility_id = coalesce(c.facility_id, r.facility_id),
                    hold_expires_at = c.hold_expires_at, reason = c.reason, updated_at = c.occurred_at,
                    -- Each hold tells its own distance (a re-held referral may be held elsewhere).
                    distance_meters = CASE WHEN c.status = 'HELD' THEN c.distance_meters ELSE r.distance_meters END,
                    change_seq = nextval('referral_change_seq')
                FROM change c
                WHERE r.id = c.referral_id AND r.status = ANY (c.from_statuses)
                    AND (SELECT count(*) FROM locked) >= 0
                RETURNING r.*""", Referral.class)
                .setParameter(1, json.write(transitions))
                .getResultList()
                // The next wave returns the same referrals again: read as new rows, not as the instances this
                // session already holds (which would keep this wave's state).
                .invoke(session::clear));
    }

    /**
     * One event's update, as the statement of {@link #applyTransitions} reads it: the whole wave in one JSON parameter,
     * one statement text whatever the wave's size. (The parameter is sent as text and cast there: sent for a jsonb
     * placeholder, a Java string would arrive as one JSON string.)
     */
    private record Transition(
            @JsonProperty("referral_id") String referralId,
            ReferralStatus status,
            @JsonProperty("from_statuses") List<ReferralStatus> fromStatuses,
            @JsonProperty("facility_id") String facilityId,
            @JsonProperty("hold_expires_at") Instant holdExpiresAt,
            String reason,
            @JsonProperty("occurred_at") Instant occurredAt,
            @JsonProperty("distance_meters") Integer distanceMeters) {
    }

    /**
     * Tells every instance listening on {@code channel}, when (and only if) the transaction commits, one notice per
     * payload, in the list's order (PostgreSQL delivers a transaction's notices in the order they were sent). One
     * statement, run as an update: its rows are not needed.
     */
    public Uni<Void> notifyAtCommit(String channel, List<String> payloads) {
        if (payloads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT pg_notify(?1, n.payload) FROM (
                            SELECT payload FROM jsonb_array_elements_text(CAST(CAST(?2 AS text) AS jsonb)) WITH ORDINALITY AS t(payload, i)
                            ORDER BY i OFFSET 0) n""")
                        .setParameter(1, channel)
                        .setParameter(2, json.write(payloads))
                        .executeUpdate())
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
