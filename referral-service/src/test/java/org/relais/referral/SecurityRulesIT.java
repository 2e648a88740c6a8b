package org.relais.referral;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;

/**
 * Role x endpoint -> status, with real signed tokens: 401 without a valid token, 403 for the wrong role or
 * another facility's referral, and a refused write changes nothing (no step, no status event, no audit entry).
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class SecurityRulesIT {

    private static final String PROBLEM = "application/problem+json";

    /** One row of the table: who calls what, and the status the rules give. */
    record Rule(String caller, String token, String method, String path, String body, int status) {
        @Override
        public String toString() {
            return caller + " " + method + " " + path + " -> " + status;
        }
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheRulesSay() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("rules-shelter"), arrondissement, 1, 4, 1);
        String own = shelter.facilityId();
        String foreign = RelaisKafka.freshId("rules-foreign");
        String referral = RelaisKafka.freshId("rules");
        String unknown = RelaisKafka.freshId("rules-unknown");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", own).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD);

            String arrival = "/api/referrals/" + referral + "/arrival";
            String decline = "/api/referrals/" + referral + "/decline";
            String reason = "{\"reason\":\"NO_PLACE\"}";
            String ownOperator = TestTokens.operator(own);
            String foreignOperator = TestTokens.operator(foreign);
            String patrol = TestTokens.patrol("maraude-test");
            String coordinator = TestTokens.coordinator();
            String admin = TestTokens.admin();
            String expired = TestTokens.token("operator").facilities(own).expired(Duration.ofMinutes(10)).sign();
            String stranger = TestTokens.token("operator").facilities(own).signedByStranger().sign();
            String expiredCoordinator = TestTokens.token("coordinator").expired(Duration.ofMinutes(10)).sign();
            String strangerCoordinator = TestTokens.token("coordinator").signedByStranger().sign();

            List<Rule> rules = new ArrayList<>();
            // Anonymous: health only.
            rules.add(new Rule("anonymous", null, "GET", "/q/health/live", null, 200));
            for (String path : List.of("/api/holds", "/api/holds?facilityId=" + own, "/api/indicators", "/api/audit")) {
                rules.add(new Rule("anonymous", null, "GET", path, null, 401));
                rules.add(new Rule("expired", expiredCoordinator, "GET", path, null, 401));
                rules.add(new Rule("badly signed", strangerCoordinator, "GET", path, null, 401));
                rules.add(new Rule("garbage token", "not-a-jwt", "GET", path, null, 401));
            }
            // Arrival and decline: an operator of the facility holding the place, nobody else.
            for (String[] write : List.of(new String[] {arrival, "{}"}, new String[] {decline, reason})) {
                rules.add(new Rule("anonymous", null, "POST", write[0], write[1], 401));
                rules.add(new Rule("expired", expired, "POST", write[0], write[1], 401));
                rules.add(new Rule("badly signed", stranger, "POST", write[0], write[1], 401));
                rules.add(new Rule("patrol", patrol, "POST", write[0], write[1], 403));
                rules.add(new Rule("coordinator", coordinator, "POST", write[0], write[1], 403));
                rules.add(new Rule("admin", admin, "POST", write[0], write[1], 403));
                rules.add(new Rule("foreign operator", foreignOperator, "POST", write[0], write[1], 403));
                rules.add(new Rule("operator, unknown referral", ownOperator, "POST",
                        write[0].replace(referral, unknown), write[1], 404));
            }
            // Holds: coordinators see all; an operator one facility of its own at a time.
            rules.add(new Rule("coordinator", coordinator, "GET", "/api/holds", null, 200));
            rules.add(new Rule("coordinator", coordinator, "GET", "/api/holds?facilityId=" + own, null, 200));
            rules.add(new Rule("operator", ownOperator, "GET", "/api/holds?facilityId=" + own, null, 200));
            rules.add(new Rule("operator", ownOperator, "GET", "/api/holds", null, 400));
            rules.add(new Rule("foreign operator", foreignOperator, "GET", "/api/holds?facilityId=" + own, null, 403));
            rules.add(new Rule("patrol", patrol, "GET", "/api/holds?facilityId=" + own, null, 403));
            rules.add(new Rule("admin", admin, "GET", "/api/holds", null, 403));
            // Indicators and audit: coordinators only.
            for (String path : List.of("/api/indicators", "/api/audit")) {
                rules.add(new Rule("coordinator", coordinator, "GET", path, null, 200));
                rules.add(new Rule("operator", ownOperator, "GET", path, null, 403));
                rules.add(new Rule("patrol", patrol, "GET", path, null, 403));
                rules.add(new Rule("admin", admin, "GET", path, null, 403));
            }
            rules.add(new Rule("coordinator", coordinator, "GET", "/api/audit?facilityId=" + own + "&limit=1000", null, 200));
            for (String query : List.of("limit=0", "limit=1001", "limit=ten", "from=yesterday", "to=2026-13-01",
                    "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "facilityId=Bad%20Id")) {
                rules.add(new Rule("coordinator", coordinator, "GET", "/api/audit?" + query, null, 400));
            }

            List<String> wrong = new ArrayList<>();
            for (Rule rule : rules) {
                Response response = call(rule);
                if (response.statusCode() != rule.status()) {
                    wrong.add(rule + " but got " + response.statusCode() + ": " + response.asString());
                } else if (rule.status() >= 400 && !String.valueOf(response.contentType()).startsWith(PROBLEM)) {
                    wrong.add(rule + " answered " + response.contentType() + ", not problem+json");
                } else if (rule.status() == 401 && response.header("WWW-Authenticate") == null) {
                    wrong.add(rule + " without WWW-Authenticate");
                }
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));

            // The refused writes changed nothing: still held, no audit entry for this facility.
            As.coordinator().queryParam("facilityId", own).get("/api/holds").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].referralId", is(referral));
            As.coordinator().queryParam("facilityId", own).get("/api/audit").then().statusCode(200).body("$", hasSize(0));

            // ...and published nothing: the one allowed arrival is the next step on the referral's partition.
            As.operator(own).contentType(ContentType.JSON).body("{}").post(arrival)
                    .then().statusCode(200).body("status", is("ARRIVED"));
            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.statuses(referral).size() >= 2);
            assertEquals(List.of(ReferralStatus.HELD, ReferralStatus.ARRIVED), statuses.statuses(referral));
            As.coordinator().queryParam("facilityId", own).get("/api/audit").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].action", is("REFERRAL_ARRIVED"));
        }
    }

    private static Response call(Rule rule) {
        RequestSpecification request = given();
        if (rule.token() != null) {
            request.auth().oauth2(rule.token());
        }
        if (rule.body() != null) {
            request.contentType(ContentType.JSON).body(rule.body());
        }
        return request.request(rule.method(), rule.path());
    }
}
