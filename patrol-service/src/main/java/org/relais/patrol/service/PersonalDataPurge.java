package org.relais.patrol.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;
import org.relais.patrol.config.RetentionConfig;

/**
 * Nulls the personal fields of referrals older than the retention (person hash, note, coordinates, request
 * fingerprint); status, kinds, needs, times and places stay for the indicators. Safe on several instances at
 * once: each batch claims its rows with SKIP LOCKED and only touches rows not purged yet.
 */
@ApplicationScoped
public class PersonalDataPurge {

    private static final Logger LOG = Logger.getLogger(PersonalDataPurge.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final RetentionConfig retention;

    public PersonalDataPurge(Pool pool, RetentionConfig retention) {
        this.pool = pool;
        this.retention = retention;
    }

    @Scheduled(every = "${relais.retention.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeOlderThan(retention.personalData())
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("purged the personal fields of %d referrals", purged);
                    }
                })
                .replaceWithVoid();
    }

    /** Purges every referral requested more than {@code age} ago; returns how many were purged. */
    public Uni<Integer> purgeOlderThan(Duration age) {
        return purgeBatches(OffsetDateTime.now(ZoneOffset.UTC).minus(age), 0);
    }

    private Uni<Integer> purgeBatches(OffsetDateTime requestedBefore, int purgedSoFar) {
        return pool.preparedQuery("""
                UPDATE referral SET person_hash = NULL, note = NULL, latitude = NULL, longitude = NULL,
                    request_fingerprint = NULL, personal_data_purged_at = now()
                WHERE id IN (SELECT id FROM referral
                             WHERE personal_data_purged_at IS NULL AND requested_at < $1
                             ORDER BY requested_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(requestedBefore, BATCH))
                .chain(rows -> rows.rowCount() == BATCH
                        ? purgeBatches(requestedBefore, purgedSoFar + BATCH)
                        : Uni.createFrom().item(purgedSoFar + rows.rowCount()));
    }
}
