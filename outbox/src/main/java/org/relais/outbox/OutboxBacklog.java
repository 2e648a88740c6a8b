package org.relais.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What waits in the outbox, as gauges on /q/metrics: rows not relayed yet, rows parked, and the age of the oldest
 * waiting row (which, unlike the relay's lag timer, keeps growing while the broker is away). One count query every few
 * seconds on the reactive client, never at scrape time; every instance of a service reports the same shared figures.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);
    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE parked_at IS NULL) AS backlog,
                   count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
                   COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8
                       AS oldest_seconds
            FROM outbox_event""";

    private final Pool pool;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile double oldestSeconds;

    public OutboxBacklog(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("relais.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet relayed to the broker (parked ones apart)")
                .register(registry);
        Gauge.builder("relais.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows the broker refused for good, waiting for an operator")
                .register(registry);
        Gauge.builder("relais.outbox.oldest.age", this, gauges -> gauges.oldestSeconds)
                .description("Age of the oldest outbox row not yet relayed (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(every = "${relais.outbox.metrics-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query(COUNTS).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong("backlog"));
                    parked.set(row.getLong("parked"));
                    oldestSeconds = row.getDouble("oldest_seconds");
                })
                .replaceWithVoid()
                // The database away: the gauges keep their last figures (the relay's own failures say more).
                .onFailure().invoke(failure -> LOG.debugf("outbox gauges not refreshed: %s", failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
