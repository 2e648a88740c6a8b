package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.relais.patrol.support.Callers.asCoordinator;

/** Every write by a person is in the audit trail, without personal data; the trail cannot be rewritten. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class AuditIT {

    private static final String PATROL = "maraude-18-b";

    @Inject
    Pool pool;

    @Test
    void requestsAndCancellationsAreAuditedWithoutPersonalData() {
        String subject = "patrol-phone-" + UUID.randomUUID();
        String token = TestTokens.token("patrol").patrol(PATROL).subject(subject).sign();
        Map<String, Object> body = ReferralRequests.valid(PATROL);
        String key = ReferralRequests.idempotencyKey();
        Instant from = Instant.now().minus(1, ChronoUnit.MINUTES);

        String id = Callers.with(token).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        // A replay stores nothing, so it is no write to audit.
        Callers.with(token).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/referrals").then().statusCode(202).body("id", is(id));
        Callers.with(token).post("/api/referrals/" + id + "/cancel").then().statusCode(202);
        Callers.with(token).post("/api/referrals/" + id + "/cancel").then().statusCode(202);

        List<Map<String, Object>> mine = entries(from, Instant.now().plus(1, ChronoUnit.MINUTES)).stream()
                .filter(e -> id.equals(e.get("targetId"))).toList();
        assertThat(mine, hasSize(2));
        // Newest first.
        Map<String, Object> cancel = mine.get(0);
        Map<String, Object> request = mine.get(1);
        assertThat(request.get("action"), is("REFERRAL_REQUESTED"));
        assertThat(request.get("subject"), is(subject));
        assertThat(request.get("role"), is("patrol"));
        assertThat(request.get("targetType"), is("referral"));
        assertThat(request.get("before"), nullValue());
        assertThat(view(request, "after").get("status"), is("REQUESTED"));
        assertThat(view(request, "after").get("patrolId"), is(PATROL));
        assertThat(request.get("at"), notNullValue());
        assertThat(cancel.get("action"), is("REFERRAL_CANCEL_REQUESTED"));
        assertThat(cancel.get("subject"), is(subject));
        assertThat(cancel.get("role"), is("patrol"));
        assertThat(view(cancel, "before").get("cancelRequestedAt"), nullValue());
        assertThat(view(cancel, "after").get("cancelRequestedAt"), notNullValue());

        String personHash = pool.preparedQuery("SELECT person_hash FROM referral WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getString(0);
        for (Map<String, Object> entry : mine) {
            String written = entry.toString();
            assertThat(written, not(containsString((String) body.get("personCode"))));
            assertThat(written, not(containsString(personHash)));
            assertThat(written, not(containsString("personHash")));
            assertThat(written, not(containsString("latitude")));
        }
    }

    @Test
    void filtersAndLimitsAreApplied() {
        String id = Callers.newRequestAs(PATROL).body(ReferralRequests.valid(PATROL))
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        Instant now = Instant.now();

        assertThat(entries(now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS)).stream()
                .filter(e -> id.equals(e.get("targetId"))).toList(), empty());
        assertThat(asCoordinator().queryParam("facilityId", "facility-" + UUID.randomUUID()).get("/api/audit")
                .then().statusCode(200).extract().jsonPath().getList("$"), empty());
        assertThat(asCoordinator().queryParam("limit", 1).get("/api/audit")
                .then().statusCode(200).extract().jsonPath().getList("$"), hasSize(1));
        assertThat(asCoordinator().get("/api/audit").then().statusCode(200).extract().jsonPath().getList("$").size(),
                lessThanOrEqualTo(100));
        asCoordinator().queryParam("limit", 1001).get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json");
        asCoordinator().queryParam("limit", 0).get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json");
        asCoordinator().queryParam("from", "yesterday").get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json");
        asCoordinator().queryParam("from", now.toString()).queryParam("to", now.minusSeconds(1).toString())
                .get("/api/audit").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theTrailRefusesUpdatesAndDeletes() {
        Callers.newRequestAs(PATROL).body(ReferralRequests.valid(PATROL))
                .post("/api/referrals").then().statusCode(202);
        long newest = pool.query("SELECT max(id) FROM audit_entry").execute().await().indefinitely()
                .iterator().next().getLong(0);
        assertThrows(Exception.class, () -> pool.preparedQuery("UPDATE audit_entry SET subject = 'someone' WHERE id = $1")
                .execute(Tuple.of(newest)).await().indefinitely());
        assertThrows(Exception.class, () -> pool.preparedQuery("DELETE FROM audit_entry WHERE id = $1")
                .execute(Tuple.of(newest)).await().indefinitely());
        assertThat(pool.preparedQuery("SELECT count(*) FROM audit_entry WHERE id = $1 AND subject <> 'someone'")
                .execute(Tuple.of(newest)).await().indefinitely().iterator().next().getLong(0), is(1L));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(Map<String, Object> entry, String side) {
        return (Map<String, Object>) entry.get(side);
    }

    private static List<Map<String, Object>> entries(Instant from, Instant to) {
        return asCoordinator().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("limit", 1000).get("/api/audit")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getList("$");
    }
}
