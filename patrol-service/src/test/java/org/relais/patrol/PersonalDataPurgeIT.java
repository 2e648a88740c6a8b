package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.outbox.retention.PersonalDataRetention;
import org.relais.patrol.support.ReferralRequests;
import org.relais.testing.TestTokenResource;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class PersonalDataPurgeIT {

    @Inject
    PersonalDataRetention purge;

    @Inject
    Pool pool;

    @Test
    void personalFieldsArePurgedAfterTheRetentionAndAggregatesStay() {
        String key = ReferralRequests.idempotencyKey();
        Map<String, Object> body = ReferralRequests.valid("maraude-20-c");
        String id = asPatrol("maraude-20-c").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        Row before = row(id);
        assertThat(before.getString("person_hash"), notNullValue());
        // The free-text note is not even stored any more: nothing to forget.
        assertThat(before.getColumnIndex("note"), is(-1));

        // Nothing is old enough under the configured retention of 30 days.
        purge.purgeOlderThan(Duration.ofDays(30)).await().indefinitely();
        assertThat(row(id).getString("person_hash"), notNullValue());

        // Two instances purging at once: both finish, each row is purged once.
        Uni.combine().all().unis(purge.purgeOlderThan(Duration.ZERO), purge.purgeOlderThan(Duration.ZERO))
                .asTuple().await().indefinitely();

        Row after = row(id);
        assertThat(after.getString("person_hash"), nullValue());
        assertThat(after.getDouble("latitude"), nullValue());
        assertThat(after.getDouble("longitude"), nullValue());
        assertThat(after.getString("request_fingerprint"), nullValue());
        assertThat(after.getOffsetDateTime("personal_data_purged_at"), notNullValue());
        asPatrol("maraude-20-c").get("/api/referrals/" + id).then().statusCode(200)
                .body("status", notNullValue())
                .body("arrondissement", is(body.get("arrondissement")))
                .body("kinds[0]", is("REST_ROOM"))
                .body("needs.pet", is(true))
                .body("urgency", is(2));

        // A purged referral is still found by its Idempotency-Key.
        asPatrol("maraude-20-c").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/referrals")
                .then().statusCode(202).body("id", is(id));
        Instant purgedAt = after.getOffsetDateTime("personal_data_purged_at").toInstant();
        purge.purgeOlderThan(Duration.ZERO).await().indefinitely();
        assertThat(row(id).getOffsetDateTime("personal_data_purged_at").toInstant(), is(purgedAt));
    }

    private Row row(String id) {
        return pool.preparedQuery("SELECT * FROM referral WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next();
    }
}
