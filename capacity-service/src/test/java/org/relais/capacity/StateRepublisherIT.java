package org.relais.capacity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.capacity.publishing.StateRepublisher;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.outbox.republish.CompactedTopic;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.TopicReader;

/** A broker that lost (part of) the board's topic gets every facility's current state back, and only that. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class StateRepublisherIT {

    private static final EventJson JSON = new EventJson();

    @Inject
    StateRepublisher republisher;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void theTopicsVersionsAreReadAndATopicThatDoesNotExistHoldsNone() {
        assertTrue(CompactedTopic.latestVersions(kafka, "relais.test-no-such-topic-" + UUID.randomUUID(), value -> 1L).isEmpty());
        String id = registerFacility(10);
        int version = report(id, "{\"free\": 4}").statusCode(200).extract().path("version");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                republisher.versionsOnTopic().getOrDefault(id, -1L) == version);
    }

    @Test
    void aFacilityTheTopicLacksIsPublishedAgainUnchanged() {
        String id = registerFacility(10);
        int version = report(id, "{\"free\": 6}").statusCode(200).extract().path("version");
        Map<String, Long> onTopic = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            onTopic.clear();
            onTopic.putAll(republisher.versionsOnTopic());
            return onTopic.getOrDefault(id, -1L) == version;
        });
        // As if the broker had lost this facility's records.
        onTopic.remove(id);
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            assertTrue(republisher.republishMissing(onTopic) >= 1);
            List<ConsumerRecord<String, String>> records = topic.awaitRecords(id, r -> !r.isEmpty());
            FacilityStateEvent event = JSON.read(records.get(0).value(), FacilityStateEvent.class);
            assertEquals(FacilityStateEvent.Type.STATE_REPUBLISHED, event.type());
            assertEquals(6, event.availability().free());
            assertEquals(version, event.availability().version());
            assertEquals(id, event.facility().id());
        }
    }
}
