package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.security.Caller;
import org.relais.testing.security.Cast;
import org.relais.testing.security.Endpoint;
import org.relais.testing.security.SecurityRules.Rule;
import org.relais.testing.security.Who;

/**
 * Role x endpoint -> status, with real signed tokens: 401 without a valid token, 403 for the wrong role or
 * another facility's referral, and a refused write changes nothing (no step, no status event, no audit entry).
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class SecurityRulesIT {

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
            Cast cast = Cast.of("maraude-test", null, own, foreign);
            Caller anonymous = cast.caller(Who.NO_TOKEN);
            Caller ownOperator = cast.caller(Who.OPERATOR);
            Caller foreignOperator = cast.caller(Who.FOREIGN_OPERATOR);
            Caller patrol = cast.caller(Who.PATROL);
            Caller coordinator = cast.caller(Who.COORDINATOR);
            Caller admin = cast.caller(Who.ADMIN);

            List<Rule> rules = new ArrayList<>();
            // Anonymous: health only.
            rules.add(new Rule(anonymous, Endpoint.of("GET", "/q/health/live"), 200));
            for (String path : List.of("/api/holds", "/api/holds?facilityId=" + own, "/api/indicators", "/api/audit")) {
                Endpoint read = Endpoint.of("GET", path);
                for (Who who : List.of(Who.NO_TOKEN, Who.EXPIRED, Who.BADLY_SIGNED, Who.GARBAGE)) {
                    rules.add(new Rule(cast.caller(who), read, 401));
                }
            }
            // Arrival and decline: an operator of the facility holding the place, nobody else.
            for (String[] write : List.of(new String[] {arrival, "{}"}, new String[] {decline, reason})) {
                Endpoint post = Endpoint.of("POST", write[0]).body(() -> write[1]);
                rules.add(new Rule(anonymous, post, 401));
                rules.add(new Rule(cast.expired(Who.OPERATOR), post, 401));
                rules.add(new Rule(cast.badlySigned(Who.OPERATOR), post, 401));
                rules.add(new Rule(patrol, post, 403));
                rules.add(new Rule(coordinator, post, 403));
                rules.add(new Rule(admin, post, 403));
                rules.add(new Rule(foreignOperator, post, 403));
                rules.add(new Rule(ownOperator, Endpoint.of("POST", write[0].replace(referral, unknown)).body(() -> write[1]),
                        404));
            }
            // Holds: coordinators see all; an operator one facility of its own at a time.
            Endpoint allHolds = Endpoint.of("GET", "/api/holds");
            Endpoint ownHolds = Endpoint.of("GET", "/api/holds?facilityId=" + own);
            rules.add(new Rule(coordinator, allHolds, 200));
            rules.add(new Rule(coordinator, ownHolds, 200));
            rules.add(new Rule(ownOperator, ownHolds, 200));
            rules.add(new Rule(ownOperator, allHolds, 400));
            rules.add(new Rule(foreignOperator, ownHolds, 403));
            rules.add(new Rule(patrol, ownHolds, 403));
            rules.add(new Rule(admin, allHolds, 403));
            // Indicators and audit: coordinators only.
            for (String path : List.of("/api/indicators", "/api/audit")) {
                Endpoint read = Endpoint.of("GET", path);
                rules.add(new Rule(coordinator, read, 200));
                rules.add(new Rule(ownOperator, read, 403));
                rules.add(new Rule(patrol, read, 403));
                rules.add(new Rule(admin, read, 403));
            }
            rules.add(new Rule(coordinator, Endpoint.of("GET", "/api/audit?facilityId=" + own + "&limit=1000"), 200));
            for (String query : List.of("limit=0", "limit=1001", "limit=ten", "from=yesterday", "to=2026-13-01",
                    "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "facilityId=Bad%20Id")) {
                rules.add(new Rule(coordinator, Endpoint.of("GET", "/api/audit?" + query), 400));
            }

            // Every rule is tried, and every one that does not hold is reported.
            List<String> wrong = new ArrayList<>();
            for (Rule rule : rules) {
                try {
                    rule.check();
                } catch (AssertionError e) {
                    wrong.add(rule + ": " + e.getMessage());
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
}
