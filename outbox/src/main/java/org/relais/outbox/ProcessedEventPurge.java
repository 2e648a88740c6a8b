package org.relais.outbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets which events were applied once no broker could deliver them again: {@code relais.processed-events.retention}
 * (default 14 days) must exceed the retention of the topics whose events are deduplicated by id (7 days for
 * referral requests and statuses). Safe on every instance at once: each batch claims its rows with SKIP LOCKED, and
 * deleting what another instance deleted first deletes nothing.
 */
@ApplicationScoped
public class ProcessedEventPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurge.class);
    private static final int BATCH = 1_000;

    private final Pool pool;
    private final Duration retention;

    public ProcessedEventPurge(Pool pool,
            @ConfigProperty(name = "relais.processed-events.retention", defaultValue = "P14D") Duration retention) {
        this.pool = pool;
        this.retention = retention;
    }

    @Scheduled(every = "${relais.processed-events.purge-every:PT1H}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return purgeOlderThan(retention)
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("forgot %d processed event ids older than %s", purged, retention);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("processed-event purge failed, next pass retries: %s",
                        ConsumerRetries.describe(failure)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes the ids recorded more than {@code age} ago; returns how many. */
    public Uni<Integer> purgeOlderThan(Duration age) {
        return batches(OffsetDateTime.now(ZoneOffset.UTC).minus(age), 0);
    }

    private Uni<Integer> batches(OffsetDateTime before, int purgedSoFar) {
        return pool.preparedQuery("""
                        DELETE FROM processed_event WHERE (consumer, event_id) IN (
                            SELECT consumer, event_id FROM processed_event WHERE processed_at < $1
                            LIMIT $2 FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(before, BATCH))
                .chain(rows -> rows.rowCount() == BATCH
                        ? batches(before, purgedSoFar + BATCH)
                        : Uni.createFrom().item(purgedSoFar + rows.rowCount()));
    }
}
