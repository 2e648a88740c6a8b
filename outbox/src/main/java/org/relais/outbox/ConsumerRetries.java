package org.relais.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.relais.events.PoisonEventException;

/**
 * How every consumer applies a record: a failure that is not poison (database away or restarting, a deadlock
 * victim, a pool timeout) is retried in place without limit, with a capped backoff, so a valid record is never
 * dead-lettered because PostgreSQL was away for a minute. Later records of the partition wait behind it (per-key
 * order holds), and the connector pauses the partition once its buffer is full. Only poison fails at once, and
 * goes to the dead-letter topic: a {@link PoisonEventException}, or a value PostgreSQL can never store (SQL state
 * class 22, data exception), which no retry would cure and which would otherwise stop the partition for good.
 *
 * <p>A record still unapplied after {@code throttled.unprocessed-record-max-age.ms} (set well above any outage worth
 * waiting out, see the module's configuration) fails the channel, which fails liveness: the orchestrator restarts the
 * instance, and the record comes back from the last committed offset.
 */
@ApplicationScoped
public class ConsumerRetries {

    private static final Logger LOG = Logger.getLogger(ConsumerRetries.class);

    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public ConsumerRetries(
            @ConfigProperty(name = "relais.consumer.retry.initial-backoff", defaultValue = "PT0.2S") Duration firstBackoff,
            @ConfigProperty(name = "relais.consumer.retry.max-backoff", defaultValue = "PT10S") Duration maxBackoff) {
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Runs {@code work} (called again for each attempt, so each gets a fresh transaction) until it succeeds or fails
     * with poison. {@code what} names the record in logs: ids only, never personal data.
     */
    public <T> Uni<T> untilApplied(String what, Supplier<Uni<? extends T>> work) {
        AtomicLong attempts = new AtomicLong();
        return Uni.createFrom().<T>deferred(work)
                .onFailure(ConsumerRetries::unstorable).transform(failure ->
                        new PoisonEventException(what + " holds a value that cannot be stored (" + describe(failure) + ")"))
                .onFailure(failure -> !(failure instanceof PoisonEventException)).invoke(failure ->
                        LOG.warnf("%s failed (attempt %d), retrying: %s", what, attempts.incrementAndGet(), describe(failure)))
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(firstBackoff, maxBackoff).indefinitely();
    }

    /**
     * A data exception (SQL state class 22): the record itself is at fault, every attempt would fail the same way. The
     * reactive client's own error and Hibernate's (a {@link java.sql.SQLException} cause) both count.
     */
    static boolean unstorable(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.startsWith("22");
    }

    /** The SQL state of the first database error in the failure's causes, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                return db.getSqlState();
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The failure's class, its root cause's class and, for a database error, the SQL state: enough to tell an outage
     * from a bug, without a message that might quote a stored value.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String sqlState = sqlState(failure);
        String state = sqlState == null ? "" : " (SQL state " + sqlState + ")";
        return failure.getClass().getSimpleName() + (root != failure ? " <- " + root.getClass().getSimpleName() : "") + state;
    }

    /**
     * One record of a batch to the dead-letter topic alone: SmallRye's dead-letter strategy, given a nacked batch, would
     * dead-letter every record of it, the valid ones too. The strategy sends the record and then acks it; a failed send
     * is logged (class only, never the record) and never holds up the batch's valid records.
     */
    public static Uni<Void> deadLetterAlone(KafkaRecord<?, ?> record, Throwable reason) {
        return Uni.createFrom().completionStage(() -> record.nack(reason))
                .onFailure().invoke(failure -> LOG.warnf("a record of %s partition %d not dead-lettered: %s",
                        record.getTopic(), record.getPartition(), failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
