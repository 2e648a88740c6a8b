package org.relais.referral.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.relais.outbox.retention.RetentionPurge;

/**
 * What referral-service forgets after the retention ({@link org.relais.outbox.retention.PersonalDataRetention}):
 * a referral's position, the only personal field it keeps (it never holds a person code or a note). Needs, kinds,
 * times and outcomes stay for the indicators.
 */
@ApplicationScoped
public class PersonalDataPurge {

    @Produces
    @Singleton
    RetentionPurge position() {
        return new RetentionPurge("position", """
                UPDATE referral SET latitude = NULL, longitude = NULL, personal_data_purged_at = now()
                WHERE id IN (SELECT id FROM referral
                             WHERE personal_data_purged_at IS NULL AND requested_at < $1
                             ORDER BY requested_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)""");
    }
}
