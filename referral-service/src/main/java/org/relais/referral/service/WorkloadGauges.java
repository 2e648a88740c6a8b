package org.relais.referral.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Places held for patrols and requests waiting, as gauges on /q/metrics. Read from the database every few seconds
 * rather than at each scrape (a scrape must not wait on a query); every instance reports the same shared figures.
 */
@ApplicationScoped
public class WorkloadGauges {

    private static final Logger LOG = Logger.getLogger(WorkloadGauges.class);
    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE status = 'HELD') AS active_holds,
                   count(*) FILTER (WHERE status = 'WAITLISTED') AS waitlist
            FROM referral WHERE status IN ('HELD', 'WAITLISTED')""";

    private final Pool pool;
    private final AtomicLong activeHolds = new AtomicLong();
    private final AtomicLong waitlist = new AtomicLong();

    public WorkloadGauges(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        registry.gauge("relais.holds.active", activeHolds);
        registry.gauge("relais.waitlist.length", waitlist);
    }

    @Scheduled(every = "${relais.metrics.refresh-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query(COUNTS).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    activeHolds.set(row.getLong("active_holds"));
                    waitlist.set(row.getLong("waitlist"));
                })
                .replaceWithVoid()
                // The database away: the gauges keep their last figures until it is back.
                .onFailure().invoke(failure -> LOG.debugf("workload gauges not refreshed: %s", failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
