package org.relais.referral;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.DatabaseOutage;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * PostgreSQL away for 40 s while a place frees and a request comes in: both consumers wait it out (retrying, the
 * instance staying live), nothing valid goes to the dead-letter topic, and the request is held once it is back.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(40);

    @BeforeAll
    static void databaseAcceptsConnections() {
        DatabaseOutage.restore();
    }

    @Test
    void eventsConsumedDuringAnOutageAreAppliedAfterIt() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("outage-shelter"), arrondissement, 0, 1, 1);
        String referral = RelaisKafka.freshId("during-outage");

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER)) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                    .queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));

            try (DatabaseOutage outage = DatabaseOutage.begin()) {
                kafka.publish(RelaisKafka.recount(shelter, 1, null));
                kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now()));
                kafka.flush();
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> liveness() == 200);
            }

            await().atMost(RelaisKafka.PATIENCE).until(() ->
                    statuses.latest(referral).map(step -> step.status() == ReferralStatus.HELD).orElse(false));
            assertEquals(List.of(), deadLetters.readToEnd().stream()
                    .filter(r -> referral.equals(r.key()) || shelter.facilityId().equals(r.key())).toList());
            assertEquals(200, liveness());
        }
    }

    private static int liveness() {
        return given().get("/q/health/live").statusCode();
    }
}
