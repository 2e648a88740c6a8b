package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * The places held for patrols right now (table {@code held_place}), as {@code relais.referral-status} tells them: who
 * may read a confidential facility's address besides its operators. Plain SQL: the rows have no behaviour.
 */
@ApplicationScoped
public class HeldPlaceRepository {

    /**
     * {@code referralId} is HELD at {@code facilityId} for {@code patrolId} since {@code at}. An older record read late
     * (a redelivery) never replaces a newer hold of the same referral. Must run inside a transaction.
     */
    public Uni<Void> held(String referralId, String patrolId, String facilityId, Instant expiresAt, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO held_place (referral_id, patrol_id, facility_id, hold_expires_at, held_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (referral_id) DO UPDATE SET patrol_id = EXCLUDED.patrol_id,
                            facility_id = EXCLUDED.facility_id, hold_expires_at = EXCLUDED.hold_expires_at,
                            held_at = EXCLUDED.held_at
                        WHERE held_place.held_at <= EXCLUDED.held_at""")
                .setParameter(1, referralId)
                .setParameter(2, patrolId)
                .setParameter(3, facilityId)
                .setParameter(4, expiresAt)
                .setParameter(5, at)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The referral left HELD (arrived, declined, expired, cancelled, withdrawn). Must run inside a transaction. */
    public Uni<Void> released(String referralId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("DELETE FROM held_place WHERE referral_id = ?1")
                .setParameter(1, referralId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The facilities where {@code patrolId} holds a place now (a hold past its end no longer counts). */
    public Uni<Set<String>> facilitiesHeldBy(String patrolId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("""
                        SELECT DISTINCT facility_id FROM held_place
                        WHERE patrol_id = ?1 AND (hold_expires_at IS NULL OR hold_expires_at > now())""", String.class)
                .setParameter(1, patrolId)
                .getResultList())
                .map(Set::copyOf);
    }
}
