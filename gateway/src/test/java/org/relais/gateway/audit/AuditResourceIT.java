package org.relais.gateway.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/** The merged audit trail, against fake services that each give their own entries (see FakeUpstreams). */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class AuditResourceIT {

    @Test
    void entriesOfAllServicesMergeNewestFirstTaggedWithTheirService() {
        String token = TestTokens.coordinator();
        given().header("Authorization", TestTokens.bearer(token))
                .queryParam("facilityId", "shelter-a")
                .queryParam("from", "2026-11-25T00:00:00Z")
                .queryParam("to", "2026-11-26T00:00:00Z")
                .when().get("/api/audit")
                .then().statusCode(200)
                .body("at", contains("2026-11-25T10:04:00Z", "2026-11-25T10:03:00Z", "2026-11-25T10:02:00Z",
                        "2026-11-25T10:01:00Z"))
                .body("service", contains("capacity-service", "patrol-service", "referral-service", "capacity-service"))
                // Each service was asked with the caller's own token and the same filters.
                .body("authorization", everyItem(equalTo(TestTokens.bearer(token))))
                .body("facilityId", everyItem(equalTo("shelter-a")))
                .body("query", everyItem(equalTo(
                        "facilityId=shelter-a&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z&limit=100")));
    }

    @Test
    void limitKeepsTheNewest() {
        given().header("Authorization", TestTokens.bearer(TestTokens.coordinator()))
                .queryParam("limit", 2)
                .when().get("/api/audit")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("action", contains("ACTION_capacity_04", "ACTION_patrol_03"));
    }

    @Test
    void badFiltersAreRefusedWithAProblem() {
        for (String[] query : new String[][] {{"limit", "0"}, {"limit", "5000"}, {"from", "yesterday"},
                {"facilityId", "'; drop table audit_entry"}}) {
            given().header("Authorization", TestTokens.bearer(TestTokens.coordinator()))
                    .queryParam(query[0], query[1])
                    .when().get("/api/audit")
                    .then().statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
    }
}
