package org.relais.capacity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.arrivalsOf;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;
import static org.relais.capacity.support.StatusEvents.arrival;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.events.Topics;
import org.relais.testing.DatabaseOutage;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * An arrival read while the service's database is away is retried until the database is back, then applied once:
 * never dead-lettered, however long the outage. The database is taken away by refusing new connections to it and
 * ending the open ones; it is always given back, even when the test fails.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ArrivalDuringDatabaseOutageIT {

    /** Longer than the bounded retries the consumer used to have (about 30 s) before it dead-lettered the arrival. */
    private static final Duration OUTAGE = Duration.ofSeconds(40);

    @BeforeAll
    static void databaseIsOpen() {
        DatabaseOutage.restore();
    }

    @Test
    void anArrivalWaitsOutADatabaseOutageAndIsAppliedOnce() {
        String id = registerFacility(10);
        report(id, "{\"free\": 3}").statusCode(200);
        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER); EventProducer statuses = new EventProducer()) {
            String key = "ref-" + UUID.randomUUID();
            String first = "ref-" + UUID.randomUUID();
            try (DatabaseOutage outage = DatabaseOutage.begin()) {
                statuses.send(key, arrival(first, id));
                await("the arrival never dead-lettered while the database is away")
                        .during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> deadLetters.read(key).isEmpty());
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> arrivalsOf(id).size() == 1);

            // Read after the first on its partition: once it shows, the first was applied for good.
            String second = "ref-" + UUID.randomUUID();
            statuses.send(key, arrival(second, id));
            await().atMost(Duration.ofSeconds(30)).until(() -> arrivalsOf(id).size() == 2);
            assertEquals(List.of(second, first), arrivalsOf(id).stream().map(a -> a.get("referralId")).toList());
            asCoordinator().get("/api/facilities/{id}/availability", id)
                    .then().statusCode(200)
                    .body("free", equalTo(1))
                    .body("version", equalTo(4));
            assertTrue(deadLetters.read(key).isEmpty());
        }
    }
}
