package org.relais.outbox.republish;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;
import org.relais.outbox.Outbox;

/**
 * Publishes again, at start, the states of a service's compacted topic that the broker lacks (a new cluster, a
 * deleted topic, a fresh local broker against an existing database): consumers rebuild their views from such a
 * topic, and a state that does not change would otherwise never come back. Reads which version of each key the
 * topic holds ({@link CompactedTopic}), then, in one transaction under an advisory lock (of several instances
 * starting together one does it), publishes through the outbox every current state the topic lacks. In the
 * background on a worker thread, retried with backoff until broker and database answer. When nothing is missing,
 * nothing is published; a consumer that already has a state ignores it again.
 */
public abstract class StateRepublication {

    private static final Logger LOG = Logger.getLogger(StateRepublication.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final Outbox outbox;
    private final String topic;
    private final long lockKey;

    /** {@code kafka}: the application's broker settings; {@code lockKey}: an advisory lock key of its own. */
    protected StateRepublication(Map<String, Object> kafka, Outbox outbox, String topic, long lockKey) {
        this.kafka = kafka;
        this.outbox = outbox;
        this.topic = topic;
        this.lockKey = lockKey;
    }

    /** The version a record's value carries, or null for a record to ignore (unreadable ones are skipped anyway). */
    protected abstract Long versionOf(String value);

    /**
     * Inside the transaction: locks the rows first (as every change of them does, so a change committed meanwhile
     * is published after this), appends every current state whose version {@code onTopic} lacks, says how many.
     */
    protected abstract Uni<Integer> publishMissing(Map<String, Long> onTopic);

    /** Call from the service's start-up observer. */
    protected void startInBackground() {
        // A broker or database slow to answer must not hold the start.
        Uni.createFrom().item(() -> republishMissing(versionsOnTopic()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(failure -> LOG.warnf("cannot check %s yet, will retry: %s", topic, failure.toString()))
                .onFailure().retry().withBackOff(FIRST_RETRY, MAX_RETRY).indefinitely()
                .subscribe().with(count -> {
                    if (count > 0) {
                        LOG.infof("%s lacked %d current states: published them again", topic, count);
                    }
                });
    }

    /** The highest version the topic holds for each key. Blocks. */
    public Map<String, Long> versionsOnTopic() {
        return CompactedTopic.latestVersions(kafka, topic, this::versionOf);
    }

    /** Publishes every current state {@code onTopic} lacks; how many, or -1 when another instance does it. Blocks. */
    public int republishMissing(Map<String, Long> onTopic) {
        int count;
        try {
            count = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                            .setParameter(1, lockKey)
                            .getSingleResult())
                    .chain(locked -> locked ? publishMissing(onTopic) : Uni.createFrom().item(-1))));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return count;
    }
}
