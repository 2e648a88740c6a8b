package org.relais.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.capacity.support.Fixtures;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.TopicReader;

/**
 * A row committed to the outbox by anyone (another instance of the service, here a plain SQL insert that wakes
 * nobody by hand) is relayed at once: the commit notifies every instance's relay. The poll is set to an hour, so
 * only the notification can have sent it within the test's wait.
 */
@QuarkusTest
@TestProfile(OutboxNotificationIT.HourlyPoll.class)
@WithTestResource(TestTokenResource.class)
class OutboxNotificationIT {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relais.outbox.poll-interval", "1h");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aRowCommittedElsewhereIsRelayedWithoutWaitingForThePoll() {
        String key = Fixtures.newFacilityId();
        UUID eventId = UUID.randomUUID();
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            pool.preparedQuery("INSERT INTO outbox_event (event_id, topic, record_key, payload) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(eventId, Topics.FACILITY_STATE, key, "{\"eventId\": \"" + eventId + "\"}"))
                    .await().indefinitely();

            assertEquals(1, topic.awaitRecords(key, records -> !records.isEmpty()).size());
        }
    }
}
