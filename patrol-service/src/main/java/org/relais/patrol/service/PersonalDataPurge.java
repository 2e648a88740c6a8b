package org.relais.patrol.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.relais.outbox.retention.RetentionPurge;

/**
 * What patrol-service forgets after the retention ({@link org.relais.outbox.retention.PersonalDataRetention}):
 * the person hash, the position and the request fingerprint. Status, kinds, needs, times and places
 * stay, linked to nobody once the hash is gone.
 */
@ApplicationScoped
public class PersonalDataPurge {

    @Produces
    @Singleton
    RetentionPurge personalFields() {
        return new RetentionPurge("personal fields", """
                UPDATE referral SET person_hash = NULL, latitude = NULL, longitude = NULL,
                    request_fingerprint = NULL, personal_data_purged_at = now()
                WHERE id IN (SELECT id FROM referral
                             WHERE personal_data_purged_at IS NULL AND requested_at < $1
                             ORDER BY requested_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)""");
    }
}
