package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/** The facility's side: arrival, decline, refusals that change nothing, and the indicators they feed. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class HoldLifecycleIT {

    private static final String PROBLEM = "application/problem+json";

    /**
     * A hold is dated by the database, a cancellation by this instance's clock, read before the referral's lock: when
     * the hold's time is the later one (a cancellation that waited for the hold's commit, or clocks a little apart), the
     * cancellation takes the hold's time rather than going before it, in the referral's history and in its event.
     */
    @Test
    void aStepIsNeverDatedBeforeTheReferralsPreviousOne() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("dated-shelter"), arrondissement, 1, 4, 1);
        String referral = RelaisKafka.freshId("dated");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD);
            Instant heldAt = timeOf(
                    "UPDATE referral SET updated_at = updated_at + interval '1 minute' WHERE id = ? RETURNING updated_at", referral);

            kafka.publish(RelaisKafka.cancel(referral));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD, ReferralStatus.CANCELLED);
            assertEquals(heldAt, statuses.latest(referral).orElseThrow().occurredAt(), "the cancellation's event");
            assertEquals(heldAt, timeOf("SELECT occurred_at FROM referral_transition WHERE referral_id = ? ORDER BY id DESC LIMIT 1",
                    referral), "the cancellation's step");
        }
    }

    /** The time in the first column of the statement's one row, for this referral, read outside the application. */
    private static Instant timeOf(String sql, String referralId) throws Exception {
        try (Connection db = TestDatabase.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, referralId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    @Test
    void arrivalKeepsThePlaceCountedUntilCapacityServiceCountsIt() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("arrival-shelter"), arrondissement, 1, 4, 1);
        String facilityId = shelter.facilityId();
        String first = RelaisKafka.freshId("arrival");
        String second = RelaisKafka.freshId("arrival");

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader holds = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(first, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(first, ReferralStatus.HELD);
            As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then()
                    .body("$", hasSize(1)).body("[0].referralId", is(first)).body("[0].patrolId", is("maraude-test"));

            // Refusals: problem+json, and nothing changes (checked below: the referral's steps).
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/decline", first)
                    .then().statusCode(400).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"  \"}").post("/api/referrals/{id}/decline", first)
                    .then().statusCode(400).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"" + "x".repeat(281) + "\"}")
                    .post("/api/referrals/{id}/decline", first).then().statusCode(400).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"facilityId\":\"some-other-shelter\"}")
                    .post("/api/referrals/{id}/arrival", first).then().statusCode(409).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"facilityId\":\"Not A Slug\"}")
                    .post("/api/referrals/{id}/arrival", first).then().statusCode(400).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"facilityId\":\"" + facilityId + "\",\"extra\":1}")
                    .post("/api/referrals/{id}/arrival", first).then().statusCode(400).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{}")
                    .post("/api/referrals/{id}/arrival", RelaisKafka.freshId("unknown")).then().statusCode(404).contentType(PROBLEM);

            As.operator(facilityId).contentType(ContentType.JSON).body("{\"facilityId\":\"" + facilityId + "\"}")
                    .post("/api/referrals/{id}/arrival", first)
                    .then().statusCode(200)
                    .body("id", is(first)).body("status", is("ARRIVED")).body("facilityId", is(facilityId));
            As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then().body("$", hasSize(0));

            // Until capacity-service counts the arrival, the place stays taken: the next request waits.
            kafka.publish(RelaisKafka.request(second, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(second, ReferralStatus.WAITLISTED);

            // A final state is final.
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", first)
                    .then().statusCode(409).contentType(PROBLEM);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"NO_PLACE\"}").post("/api/referrals/{id}/decline", first)
                    .then().statusCode(409).contentType(PROBLEM);
            // Not held (waitlisted): no facility holds it, so no operator may act on it.
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"NO_PLACE\"}").post("/api/referrals/{id}/decline", second)
                    .then().statusCode(403).contentType(PROBLEM);

            // capacity-service counts the arrival (free 1 -> 0, cause ARRIVAL): the hold stops counting.
            FacilityStateEvent counted = RelaisKafka.recount(shelter, 0, first);
            kafka.publish(counted);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> lastHeld(holds, facilityId) == 0);
            assertEquals(List.of(1, 0), holds.values(FacilityHoldsEvent.class).stream()
                    .filter(h -> h.facilityId().equals(facilityId)).map(FacilityHoldsEvent::held).toList());

            // The operator reports a place: the waiting referral gets it; the facility declines, with a reason.
            kafka.publish(RelaisKafka.recount(counted, 1, null));
            kafka.flush();
            statuses.awaitSteps(second, ReferralStatus.WAITLISTED, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"NOT_ELIGIBLE\"}")
                    .post("/api/referrals/{id}/decline", second)
                    .then().statusCode(200)
                    .body("status", is("DECLINED")).body("facilityId", is(facilityId))
                    .body("reason", is("NOT_ELIGIBLE"));
            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.statuses(second).size() == 3);
            assertEquals("NOT_ELIGIBLE", statuses.latest(second).orElseThrow().reason());
            await().atMost(RelaisKafka.PATIENCE).until(() -> lastHeld(holds, facilityId) == 0);

            // Nothing was published for the refused calls: only the real steps.
            assertEquals(List.of(ReferralStatus.HELD, ReferralStatus.ARRIVED), statuses.statuses(first));
            assertEquals(List.of(ReferralStatus.WAITLISTED, ReferralStatus.HELD, ReferralStatus.DECLINED),
                    statuses.statuses(second));
        }

        // A test area is not on the board: the indicators leave these steps out (IndicatorScopeIT counts the board's).
        As.coordinator().get("/api/indicators").then().statusCode(200)
                .body("byArrondissement.arrondissement", not(hasItem(arrondissement)))
                .body("hourly", hasSize(24));
    }

    @Test
    void badQueriesAreRefused() {
        As.coordinator().queryParam("facilityId", RelaisKafka.freshId("never-seen")).get("/api/holds")
                .then().statusCode(404).contentType(PROBLEM);
        As.coordinator().queryParam("facilityId", "Bad Id!").get("/api/holds")
                .then().statusCode(400).contentType(PROBLEM);
        As.coordinator().get("/api/holds").then().statusCode(200);
        As.coordinator().queryParam("from", "yesterday").get("/api/indicators")
                .then().statusCode(400).contentType(PROBLEM).body("detail", startsWith("from must be"));
        As.coordinator().queryParam("from", "2001-11-25T21:00:00Z").queryParam("to", "2001-11-25T20:00:00Z").get("/api/indicators")
                .then().statusCode(400).contentType(PROBLEM);
        As.coordinator().queryParam("from", "2001-11-25T00:00:00Z").queryParam("to", "2001-11-26T00:00:00Z").get("/api/indicators")
                .then().statusCode(200)
                .body("from", equalTo("2001-11-25T00:00:00Z"))
                .body("hourly", hasSize(24))
                .body("hourly[0].hour", equalTo("2001-11-25T00:00:00Z"))
                .body("totals.medianSecondsToHold", nullValue());
        As.operator("some-shelter").contentType(ContentType.JSON).body("not json").post("/api/referrals/{id}/decline", "whatever")
                .then().statusCode(400).contentType(PROBLEM);
    }

    private static int lastHeld(TopicReader holds, String facilityId) {
        List<FacilityHoldsEvent> counts = holds.values(FacilityHoldsEvent.class).stream().filter(h -> h.facilityId().equals(facilityId)).toList();
        return counts.isEmpty() ? -1 : counts.get(counts.size() - 1).held();
    }
}
