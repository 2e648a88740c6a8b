package org.relais.patrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.Callers.asCoordinator;
import static org.relais.patrol.Callers.asPatrol;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ReferralRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Exactly the fields of the contract's ReferralView: nothing personal may appear next to them. */
    private static final Set<String> VIEW_FIELDS = Set.of("id", "patrolId", "arrondissement", "status", "facilityId",
            "holdExpiresAt", "reason", "kinds", "needs", "urgency", "requestedAt", "updatedAt");

    @ConfigProperty(name = "relais.person-code.secret")
    String secret;

    @Test
    void requestIsStoredAndPublishedWithTheHashedCodeOnly() throws Exception {
        Map<String, Object> body = ReferralRequests.valid("maraude-19-a");
        String personCode = (String) body.get("personCode");
        String note = (String) body.get("note");
        try (TopicRecords requests = new TopicRecords(Topics.REFERRAL_REQUESTS)) {
            Response response = asPatrol("maraude-19-a").contentType(ContentType.JSON).body(body).post("/api/referrals");
            response.then().statusCode(202).contentType(ContentType.JSON)
                    .body("status", is("REQUESTED"))
                    .body("id", notNullValue());
            String id = response.path("id");
            assertThat(response.header("Location"), is("/api/referrals/" + id));

            ConsumerRecord<String, String> record = requests.awaitRecord(r -> id.equals(r.key()));
            assertThat(record.value(), not(containsString(personCode)));
            assertThat(record.value(), not(containsString(note)));
            JsonNode event = MAPPER.readTree(record.value());
            assertThat(event.get("type").asText(), is("REFERRAL_REQUESTED"));
            assertThat(event.has("note"), is(false));
            assertThat(event.has("personCode"), is(false));
            assertThat(event.get("referralId").asText(), is(id));
            assertThat(event.get("patrolId").asText(), is("maraude-19-a"));
            assertThat(event.get("personHash").asText(), is(hmac("person:" + personCode)));
            assertThat(event.get("arrondissement").asText(), is(body.get("arrondissement")));
            assertThat(event.get("kinds").get(0).asText(), is("REST_ROOM"));
            assertThat(event.get("kinds").get(1).asText(), is("EMERGENCY_SHELTER"));
            assertThat(event.get("needs").get("gender").asText(), is("WOMAN"));
            assertThat(event.get("needs").get("pet").asBoolean(), is(true));
            assertThat(event.get("urgency").asInt(), is(2));
            // The position travels (and is kept) to about 100 m only: 48.8849 becomes 48.885.
            assertThat(event.get("latitude").asDouble(), is(48.885));
            assertThat(event.get("longitude").asDouble(), is(2.371));
        }
    }

    @Test
    void viewNeverShowsThePersonOrTheNote() {
        Map<String, Object> body = ReferralRequests.valid("maraude-20-a");
        String id = asPatrol("maraude-20-a").contentType(ContentType.JSON).body(body).post("/api/referrals")
                .then().statusCode(202).extract().path("id");

        Response view = asPatrol("maraude-20-a").get("/api/referrals/" + id);
        view.then().statusCode(200)
                .body("id", is(id))
                .body("patrolId", is("maraude-20-a"))
                .body("arrondissement", is(body.get("arrondissement")))
                // A referral-service running on the same broker may already have answered.
                .body("status", oneOf("REQUESTED", "WAITLISTED", "HELD"))
                .body("kinds[0]", is("REST_ROOM"))
                .body("needs.pet", is(true))
                .body("needs.activeUse", is(true))
                .body("urgency", is(2))
                .body("requestedAt", notNullValue());
        Map<String, Object> fields = view.jsonPath().getMap("$");
        assertThat(VIEW_FIELDS.containsAll(fields.keySet()), is(true));
        assertThat(view.asString(), not(containsString((String) body.get("personCode"))));
        assertThat(view.asString(), not(containsString((String) body.get("note"))));
    }

    @Test
    void patrolListIsNewestFirst() {
        String older = asPatrol("maraude-18-c").contentType(ContentType.JSON).body(ReferralRequests.valid("maraude-18-c"))
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        String newer = asPatrol("maraude-18-c").contentType(ContentType.JSON).body(ReferralRequests.valid("maraude-18-c"))
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

    private String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
