package org.relais.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityKind;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatus;
import org.relais.outbox.retention.PersonalDataRetention;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/** A referral's position is forgotten after the retention; what the indicators need stays. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class PersonalDataPurgeIT {

    @Inject
    PersonalDataRetention retention;

    @Inject
    Pool pool;

    @Test
    void positionIsPurgedAfterTheRetentionAndTheOutcomeStays() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        String referral = RelaisKafka.freshId("purged");
        ReferralRequestEvent.Requested request = new ReferralRequestEvent.Requested(UUID.randomUUID(),
                ReferralRequestEvent.SCHEMA_VERSION, Instant.now(), referral, "maraude-test",
                arrondissement, 48.885, 2.371, RelaisKafka.NO_NEEDS, List.of(FacilityKind.EMERGENCY_SHELTER), 1, false);
        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(request);
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.WAITLISTED);
        }
        assertEquals(48.885, row(referral).getDouble("latitude"));

        retention.purgeOlderThan(Duration.ofDays(30)).await().indefinitely();
        assertNotNull(row(referral).getDouble("latitude"), "not old enough yet");

        // Two instances purging at once: both finish, and the row is purged once.
        Uni.combine().all().unis(retention.purgeOlderThan(Duration.ZERO), retention.purgeOlderThan(Duration.ZERO))
                .asTuple().await().indefinitely();
        Row purged = row(referral);
        assertNull(purged.getDouble("latitude"));
        assertNull(purged.getDouble("longitude"));
        assertNotNull(purged.getOffsetDateTime("personal_data_purged_at"));
        assertEquals("WAITLISTED", purged.getString("status"));
        assertEquals(arrondissement, purged.getString("arrondissement"));
        assertEquals(1, purged.getInteger("urgency"));
    }

    private Row row(String referral) {
        return pool.preparedQuery("SELECT * FROM referral WHERE id = $1").execute(Tuple.of(referral))
                .await().indefinitely().iterator().next();
    }
}
