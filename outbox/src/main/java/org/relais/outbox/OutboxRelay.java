package org.relais.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Relays outbox rows to Kafka in id order and deletes them once the broker acknowledged them.
 *
 * <p>Several instances of a service may run: a pass takes a transaction-scoped advisory lock first, so one
 * instance relays at a time and per-key order holds. A crash after the send and before the delete re-sends the
 * batch; consumers skip it by event id (at-least-once, idempotent consumers).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key, the same in every service: each service has its own database. */
    private static final long RELAY_LOCK = 0x52454C414953L;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    /** CloudEvents source of every record this service publishes. */
    private final String source;
    /** From the row's insert to the broker's acknowledgement: what the outbox adds to every event's way. */
    private final Timer relayLag;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;

    public OutboxRelay(Pool pool,
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000) MutinyEmitter<String> emitter,
            @ConfigProperty(name = "relais.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "quarkus.application.name") String applicationName, MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.source = CloudEventHeaders.source(applicationName);
        this.relayLag = Timer.builder("relais.outbox.relay.lag")
                .description("From an event's commit to the outbox to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Safety net: picks up rows committed by other instances, or left by a failed pass. */
    @Scheduled(every = "${relais.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UnlessRunning.class)
    void poll() {
        wake();
    }

    /** Starts a pass now, or makes the running pass go round once more. */
    public void wake() {
        if (stopped) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            loop();
        }
    }

    private void loop() {
        again.set(false);
        pool.withTransaction(this::relayBatch)
                .subscribe().with(
                        relayed -> {
                            running.set(false);
                            if (relayed == batchSize || again.get()) {
                                wake();
                            }
                        },
                        failure -> {
                            running.set(false);
                            // Kafka or PostgreSQL away: the next poll tries again; rows stay in the outbox.
                            LOG.warnf("outbox relay pass failed, will retry: %s", failure.getClass().getSimpleName());
                        });
    }

    private Uni<Integer> relayBatch(SqlConnection connection) {
        return connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .chain(locked -> locked.iterator().next().getBoolean(0)
                        ? connection.preparedQuery("""
                                SELECT id, event_id, topic, record_key, payload, event_type, occurred_at, created_at
                                FROM outbox_event
                                WHERE parked_at IS NULL ORDER BY id LIMIT $1""")
                                .execute(Tuple.of(batchSize))
                                .chain(rows -> publishAndDelete(connection, rows))
                        : Uni.createFrom().item(0));
    }

    private Uni<Integer> publishAndDelete(SqlConnection connection, Iterable<Row> rows) {
        List<Long> ids = new ArrayList<>();
        List<OffsetDateTime> committed = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<Uni<Throwable>> sends = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            committed.add(row.getOffsetDateTime("created_at"));
            where.add(row.getString("topic") + " key " + row.getString("record_key"));
            // Lazy: nothing is sent before the join below subscribes, in this (id) order. Each send yields its
            // failure (null when acknowledged), so one refused record does not hide the fate of the others.
            sends.add(emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(row.getString("topic"))
                            .withKey(row.getString("record_key"))
                            .withHeaders(CloudEventHeaders.of(row.getUUID("event_id"),
                                    Objects.requireNonNullElseGet(row.getString("event_type"),
                                            () -> CloudEventHeaders.type(row.getString("topic"), null)),
                                    source, row.getOffsetDateTime("occurred_at")))
                            .build()))
                    .replaceWith((Throwable) null)
                    .onFailure().recoverWithItem(failure -> failure));
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // All of the batch in flight at once (the emitter hands them to the producer in subscription order, which
        // is id order, and the idempotent producer keeps each partition's order), instead of one broker round trip
        // per event. Rows are deleted once acknowledged. If any send failed for a passing reason (broker away), the
        // pass rolls back and the next one sends the batch again (consumers skip what they already applied). A record
        // the broker can never take (too large, an invalid topic) is parked, so it blocks no other event.
        return Uni.join().all(sends).andFailFast().chain(outcomes -> {
            List<Long> sent = new ArrayList<>();
            List<Long> parked = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < outcomes.size(); i++) {
                Throwable failure = outcomes.get(i);
                if (failure == null) {
                    sent.add(ids.get(i));
                    relayLag.record(Duration.between(committed.get(i).toInstant(), now));
                } else if (refusedForGood(failure)) {
                    parked.add(ids.get(i));
                    reasons.add(failure.getClass().getSimpleName());
                    LOG.errorf("outbox event %d (%s) refused by the broker for good, parked: %s", ids.get(i), where.get(i),
                            failure.getClass().getSimpleName());
                } else {
                    return Uni.createFrom().failure(failure);
                }
            }
            return connection.preparedQuery("DELETE FROM outbox_event WHERE id = ANY($1)").execute(Tuple.of(sent.toArray(new Long[0])))
                    .chain(() -> parked.isEmpty() ? Uni.createFrom().voidItem()
                            : connection.preparedQuery("""
                                    UPDATE outbox_event SET parked_at = now(), parked_reason = reason
                                    FROM unnest($1::bigint[], $2::text[]) AS p(id, reason) WHERE outbox_event.id = p.id""")
                                    .execute(Tuple.of(parked.toArray(new Long[0]), reasons.toArray(new String[0])))
                                    .replaceWithVoid())
                    .replaceWith(ids.size());
        });
    }

    /**
     * Failures no retry can cure, for this record only. Anything else (the broker away, a timeout, a leader
     * election) is retried with the whole batch, so nothing is parked because Kafka was down.
     */
    static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidTopicException || t instanceof InvalidRecordException
                    || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /**
     * Skips polls outside the application's run: the scheduler fires before the messaging channels are wired
     * and may fire once more after shutdown, and building the relay then fails ("Unable to connect an emitter
     * with the channel"). The start-up observer has the default priority, so it runs after messaging's own
     * (LIBRARY_BEFORE) one.
     */
    @Singleton
    public static class UnlessRunning implements Scheduled.SkipPredicate {

        private volatile boolean running;

        void onStart(@Observes StartupEvent event) {
            running = true;
        }

        void onStop(@Observes ShutdownEvent event) {
            running = false;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !running;
        }
    }
}
