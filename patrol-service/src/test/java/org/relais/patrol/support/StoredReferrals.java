package org.relais.patrol.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * A REQUESTED referral written straight into the database, as if requested earlier. Its request was never
 * published, so nothing answers it: the status events a test plays are the only ones it gets. Each is a person of its own (one active referral each).
 */
public final class StoredReferrals {

    private StoredReferrals() {
    }

    public static String insert(Pool pool, String patrolId) {
        String id = UUID.randomUUID().toString();
        pool.preparedQuery("""
                INSERT INTO referral (id, patrol_id, person_hash, arrondissement, gender, couple, pet, wheelchair,
                    active_use, kinds, urgency, status, requested_at, updated_at)
                VALUES ($1, $2, 'fixture-' || $1, '75019', 'WOMAN', false, true, false, true, 'REST_ROOM,EMERGENCY_SHELTER',
                    2, 'REQUESTED', now(), now())""")
                .execute(Tuple.of(id, patrolId)).await().indefinitely();
        return id;
    }
}
