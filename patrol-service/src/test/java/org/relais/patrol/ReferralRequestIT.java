package org.relais.patrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.Topics;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.TopicReader;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ReferralRequestIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Exactly the fields of the contract's ReferralView: nothing personal may appear next to them. */
    private static final Set<String> VIEW_FIELDS = Set.of("id", "patrolId", "arrondissement", "status", "facilityId",
            "holdExpiresAt", "reason", "kinds", "needs", "urgency", "sameArrondissementOnly", "distanceMeters", "requestedAt",
            "updatedAt");

    @Inject
    Pool pool;

    /** The person stays in patrol-service: the event carries neither the code nor its hash, nor any free text. */
    @Test
    void requestIsStoredAndPublishedWithoutThePerson() throws Exception {
        Map<String, Object> body = ReferralRequests.valid("maraude-19-a");
        String personCode = (String) body.get("personCode");
        String personHash = ReferralRequests.personHash(personCode);
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            Response response = Callers.newRequestAs("maraude-19-a").body(body).post("/api/referrals");
            response.then().statusCode(202).contentType(ContentType.JSON)
                    .body("status", is("REQUESTED"))
                    .body("id", notNullValue());
            String id = response.path("id");
            assertThat(response.header("Location"), is("/api/referrals/" + id));

            ConsumerRecord<String, String> record = requests.awaitRecord(r -> id.equals(r.key()));
            assertThat(record.value(), not(containsString(personCode)));
            assertThat(record.value(), not(containsString(personHash)));
            JsonNode event = MAPPER.readTree(record.value());
            assertThat(event.get("type").asText(), is("REFERRAL_REQUESTED"));
            assertThat(event.has("note"), is(false));
            assertThat(event.has("personCode"), is(false));
            assertThat(event.has("personHash"), is(false));
            assertThat(event.get("referralId").asText(), is(id));
            assertThat(event.get("patrolId").asText(), is("maraude-19-a"));
            // Kept here, where one active referral per person is enforced.
            assertThat(storedPersonHash(id), is(personHash));
            assertThat(event.get("arrondissement").asText(), is(body.get("arrondissement")));
            assertThat(event.get("kinds").get(0).asText(), is("REST_ROOM"));
            assertThat(event.get("kinds").get(1).asText(), is("EMERGENCY_SHELTER"));
            assertThat(event.get("needs").get("gender").asText(), is("WOMAN"));
            assertThat(event.get("needs").get("pet").asBoolean(), is(true));
            assertThat(event.get("urgency").asInt(), is(2));
            // Not asked for: matching may cross to an adjacent arrondissement.
            assertThat(event.get("sameArrondissementOnly").asBoolean(), is(false));
            // The position travels (and is kept) to about 100 m only: 48.8849 becomes 48.885.
            assertThat(event.get("latitude").asDouble(), is(48.885));
            assertThat(event.get("longitude").asDouble(), is(2.371));
        }
    }

    /** A patrol keeping the request to its arrondissement: stored, shown and carried to matching. */
    @Test
    void sameArrondissementOnlyIsStoredAndPublished() throws Exception {
        Map<String, Object> body = ReferralRequests.valid("maraude-19-a");
        body.put("sameArrondissementOnly", true);
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            String id = Callers.newRequestAs("maraude-19-a").body(body).post("/api/referrals")
                    .then().statusCode(202).extract().path("id");
            JsonNode event = MAPPER.readTree(requests.awaitRecord(r -> id.equals(r.key())).value());
            assertThat(event.get("sameArrondissementOnly").asBoolean(), is(true));
            asPatrol("maraude-19-a").get("/api/referrals/" + id).then().statusCode(200)
                    .body("sameArrondissementOnly", is(true));
        }
    }

    @Test
    void viewNeverShowsThePerson() {
        Map<String, Object> body = ReferralRequests.valid("maraude-20-a");
        String id = Callers.newRequestAs("maraude-20-a").body(body).post("/api/referrals")
                .then().statusCode(202).extract().path("id");

        Response view = asPatrol("maraude-20-a").get("/api/referrals/" + id);
        view.then().statusCode(200)
                .body("id", is(id))
                .body("patrolId", is("maraude-20-a"))
                .body("arrondissement", is(body.get("arrondissement")))
                // Whatever a referral-service would answer (none runs beside these tests).
                .body("status", oneOf("REQUESTED", "WAITLISTED", "HELD"))
                .body("kinds[0]", is("REST_ROOM"))
                .body("needs.pet", is(true))
                .body("needs.activeUse", is(true))
                .body("urgency", is(2))
                .body("requestedAt", notNullValue());
        Map<String, Object> fields = view.jsonPath().getMap("$");
        assertThat(VIEW_FIELDS.containsAll(fields.keySet()), is(true));
        assertThat(view.asString(), not(containsString((String) body.get("personCode"))));
        assertThat(view.asString(), not(containsString(ReferralRequests.personHash((String) body.get("personCode")))));
    }

    @Test
    void patrolListIsNewestFirst() {
        String older = Callers.newRequestAs("maraude-18-c").body(ReferralRequests.valid("maraude-18-c"))
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        String newer = Callers.newRequestAs("maraude-18-c").body(ReferralRequests.valid("maraude-18-c"))
                .post("/api/referrals").then().statusCode(202).extract().path("id");

        List<String> ids = asPatrol("maraude-18-c").queryParam("limit", 2).get("/api/patrols/maraude-18-c/referrals")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(ids, is(List.of(newer, older)));
        asCoordinator().queryParam("limit", 0).get("/api/patrols/maraude-18-c/referrals")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownReferralIsAProblem() {
        asCoordinator().get("/api/referrals/" + java.util.UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
    }

    private String storedPersonHash(String id) {
        return pool.preparedQuery("SELECT person_hash FROM referral WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getString(0);
    }
}
