package org.relais.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.outbox.ProcessedEventPurge;
import org.relais.testing.TestTokenResource;

/** The ids of applied events are forgotten once no broker could deliver those events again, and not before. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ProcessedEventPurgeIT {

    private static final String CONSUMER = "capacity-purge-test";

    @Inject
    ProcessedEventPurge purge;

    @Inject
    Pool pool;

    @Test
    void forgetsOnlyTheIdsOlderThanTheRetention() {
        UUID old = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        try {
            pool.preparedQuery("""
                            INSERT INTO processed_event (consumer, event_id, processed_at)
                            VALUES ($1, $2, now() - interval '15 days'), ($1, $3, now())""")
                    .execute(Tuple.of(CONSUMER, old, fresh)).await().indefinitely();

            assertTrue(purge.purgeOlderThan(Duration.ofDays(14)).await().indefinitely() >= 1);

            assertEquals(0, count(old));
            assertEquals(1, count(fresh));
        } finally {
            pool.preparedQuery("DELETE FROM processed_event WHERE consumer = $1").execute(Tuple.of(CONSUMER))
                    .await().indefinitely();
        }
    }

    private long count(UUID eventId) {
        return pool.preparedQuery("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2")
                .execute(Tuple.of(CONSUMER, eventId)).await().indefinitely().iterator().next().getLong(0);
    }
}
