package org.relais.referral;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/**
 * A consumer that gave up for good (its oldest record unapplied past the commit strategy's limit: a few seconds in
 * this test only) fails liveness, so the orchestrator restarts the instance instead of leaving it deaf while ready.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
@TestProfile(FailedChannelLivenessIT.ShortRecordAge.class)
class FailedChannelLivenessIT {

    public static class ShortRecordAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.facility-state.throttled.unprocessed-record-max-age.ms", "5000");
        }
    }

    @Test
    void aChannelThatFailedFailsLiveness() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("locked-shelter"), arrondissement, 1, 1, 1);
        try (EventProducer kafka = new EventProducer(); Connection db = TestDatabase.connect()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                    .queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));
            await().atMost(RelaisKafka.PATIENCE).until(() -> liveness() == 200);

            // The test holds the facility's row: the consumer applying its next state waits past the limit.
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement(
                    "SELECT 1 FROM facility_availability WHERE facility_id = ? FOR UPDATE")) {
                lock.setString(1, shelter.facilityId());
                lock.executeQuery();
                kafka.publish(RelaisKafka.recount(shelter, 0, null));
                kafka.flush();
                await().atMost(RelaisKafka.PATIENCE).until(() -> liveness() == 503);
            } finally {
                db.rollback();
            }
        }
    }

    private static int liveness() {
        return given().get("/q/health/live").statusCode();
    }
}
