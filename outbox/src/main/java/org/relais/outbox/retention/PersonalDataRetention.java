package org.relais.outbox.retention;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Nulls personal fields once older than {@code relais.retention.personal-data} (default 30 days), with the
 * {@link RetentionPurge}s the service declares; what they leave (statuses, kinds, times) feeds the indicators.
 * Runs on every instance: each batch claims its rows with SKIP LOCKED and touches only rows not purged yet.
 */
@ApplicationScoped
public class PersonalDataRetention {

    private static final Logger LOG = Logger.getLogger(PersonalDataRetention.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final List<RetentionPurge> purges;
    private final RetentionConfig retention;

    public PersonalDataRetention(Pool pool, Instance<RetentionPurge> purges, RetentionConfig retention) {
        this.pool = pool;
        this.purges = purges.stream().toList();
        this.retention = retention;
    }

    @Scheduled(every = "${relais.retention.purge-every:PT1H}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return purgeOlderThan(retention.personalData()).replaceWithVoid();
    }

    /** Purges everything older than {@code age}; returns how many rows were purged. */
    public Uni<Integer> purgeOlderThan(Duration age) {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(age);
        return Multi.createFrom().iterable(purges)
                .onItem().transformToUniAndConcatenate(purge -> batches(purge, before, 0).invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("purged the %s of %d referrals", purge.what(), purged);
                    }
                }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> batches(RetentionPurge purge, OffsetDateTime before, int purgedSoFar) {
        return pool.preparedQuery(purge.purgeBatch()).execute(Tuple.of(before, BATCH))
                .chain(rows -> rows.rowCount() == BATCH
                        ? batches(purge, before, purgedSoFar + BATCH)
                        : Uni.createFrom().item(purgedSoFar + rows.rowCount()));
    }
}
