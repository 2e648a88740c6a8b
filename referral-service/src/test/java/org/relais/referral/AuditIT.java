package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;

/** Arrivals and declines are audited with who did them, without personal data; the trail is append-only. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class AuditIT {

    @Test
    void arrivalAndDeclineAreAuditedAndTheTrailCannotBeRewritten() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("audit-shelter"), arrondissement, 2, 4, 1);
        String facilityId = shelter.facilityId();
        String arrived = RelaisKafka.freshId("audit");
        String declined = RelaisKafka.freshId("audit");
        String subject = RelaisKafka.freshId("night-desk");
        String operator = TestTokens.token("operator").facilities(facilityId).subject(subject).sign();

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(arrived, arrondissement, Instant.now()));
            kafka.publish(RelaisKafka.request(declined, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(arrived, ReferralStatus.HELD);
            statuses.awaitSteps(declined, ReferralStatus.HELD);
        }

        As.with(operator).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", arrived)
                .then().statusCode(200);
        // Free text about the person is refused (reasons are codes) and leaves no trace; the code is taken.
        As.with(operator).contentType(ContentType.JSON).body("{\"reason\":\"Monsieur D. a un chien agressif\"}")
                .post("/api/referrals/{id}/decline", declined).then().statusCode(400);
        As.with(operator).contentType(ContentType.JSON).body("{\"reason\":\"SAFETY\"}")
                .post("/api/referrals/{id}/decline", declined).then().statusCode(200);

        // Newest first; the decline's free-text reason (it may describe the person) is not kept.
        As.coordinator().queryParam("facilityId", facilityId).get("/api/audit").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].action", is("REFERRAL_DECLINED"))
                .body("[0].subject", is(subject))
                .body("[0].role", is("operator"))
                .body("[0].targetType", is("referral"))
                .body("[0].targetId", is(declined))
                .body("[0].facilityId", is(facilityId))
                .body("[0].before.status", is("HELD"))
                .body("[0].after.status", is("DECLINED"))
                .body(not(containsString("chien")))
                .body("[1].action", is("REFERRAL_ARRIVED"))
                .body("[1].subject", is(subject))
                .body("[1].targetId", is(arrived))
                .body("[1].after.status", is("ARRIVED"));
        As.coordinator().queryParam("facilityId", facilityId).queryParam("limit", 1).get("/api/audit")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].targetId", is(declined));
        As.coordinator().queryParam("facilityId", facilityId)
                .queryParam("from", Instant.now().plus(1, ChronoUnit.HOURS).toString()).get("/api/audit")
                .then().statusCode(200).body("$", hasSize(0));

        // The table itself refuses to rewrite or forget an entry.
        try (Connection db = TestDatabase.connect()) {
            for (String sql : List.of("UPDATE audit_entry SET subject = 'someone-else' WHERE facility_id = ?",
                    "DELETE FROM audit_entry WHERE facility_id = ?")) {
                try (PreparedStatement statement = db.prepareStatement(sql)) {
                    statement.setString(1, facilityId);
                    SQLException refused = assertThrows(SQLException.class, statement::executeUpdate, sql);
                    assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
                }
            }
        }
        As.coordinator().queryParam("facilityId", facilityId).get("/api/audit").then()
                .body("$", hasSize(2)).body("subject", everyItem(is(subject)));
    }
}
