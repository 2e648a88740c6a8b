package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.events.EventJson;
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
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Every refused request: a clear problem, nothing stored, nothing published, nothing echoed. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class BadInputIT {

    private static final EventJson JSON = new EventJson();
    /** Sends the request without an Idempotency-Key header. */
    private static final String NO_KEY = "(no key)";

    /** One reader for the whole table: it sees every request record published while the cases run. */
    private static TopicReader requests;

    @Inject
    Pool pool;

    @AfterAll
    static void closeReader() {
        if (requests != null) {
            requests.close();
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("a name as person code", 400, b -> b.put("personCode", "Jean Dupont")),
                bad("a person code too short", 400, b -> b.put("personCode", "ab")),
                bad("a person code too long", 400, b -> b.put("personCode", "x".repeat(65))),
                bad("no person code", 400, b -> b.remove("personCode")),
                bad("an unknown kind", 400, b -> b.put("kinds", List.of("REST_ROOM", "HOTEL"))),
                bad("no kinds", 400, b -> b.put("kinds", List.of())),
                bad("a repeated kind", 400, b -> b.put("kinds", List.of("REST_ROOM", "REST_ROOM"))),
                bad("an unknown patrol", 422, b -> b.put("patrolId", "maraude-99-z")),
                bad("a name field", 400, b -> b.put("name", "Jean Dupont")),
                bad("a birth date field", 400, b -> b.put("birthDate", "1971-03-02")),
                // Free text about the person is no longer taken at all, whatever its length.
                bad("a note", 400, b -> b.put("note", "chien, arrive à pied")),
                bad("an urgency out of range", 400, b -> b.put("urgency", 4)),
                bad("an urgency as a string", 400, b -> b.put("urgency", "3")),
                bad("sameArrondissementOnly as a string", 400, b -> b.put("sameArrondissementOnly", "yes")),
                bad("sameArrondissementOnly as a number", 400, b -> b.put("sameArrondissementOnly", 1)),
                bad("a need left out", 400, b -> ((Map<String, Object>) b.get("needs")).remove("wheelchair")),
                bad("an unknown gender", 400, b -> ((Map<String, Object>) b.get("needs")).put("gender", "OTHER")),
                bad("no needs", 400, b -> b.remove("needs")),
                bad("a latitude without longitude", 400, b -> b.remove("longitude")),
                bad("a latitude off the globe", 400, b -> b.put("latitude", 123.0)),
                bad("a malformed arrondissement", 400, b -> b.put("arrondissement", "75 19")),
                raw("malformed JSON", 400, "{\"patrolId\": \"maraude-18-a\", "),
                raw("an empty body", 400, ""),
                raw("a JSON array", 400, "[]"),
                header("a too long Idempotency-Key", 400, "k".repeat(129)),
                header("no Idempotency-Key", 400, NO_KEY),
                header("an empty Idempotency-Key", 400, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedAndChangesNothing(String refusal, int status, Consumer<Map<String, Object>> change, String rawBody,
            String idempotencyKey) {
        Map<String, Object> body = ReferralRequests.valid("maraude-19-b");
        String arrondissement = ReferralRequests.isolatedArrondissement();
        body.put("arrondissement", arrondissement);
        String personCode = (String) body.get("personCode");
        String key = idempotencyKey != null ? idempotencyKey : ReferralRequests.idempotencyKey();
        if (change != null) {
            change.accept(body);
        }
        String sent = rawBody != null ? rawBody : JSON.write(body);

        if (requests == null) {
            requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS);
        }
        // The token is the body's own patrol, so that what is checked here is the input, not who sends it.
        Object patrolId = body.getOrDefault("patrolId", "maraude-19-b");
        var request = asPatrol(String.valueOf(patrolId)).contentType(ContentType.JSON).body(sent);
        if (!NO_KEY.equals(key)) {
            request.header("Idempotency-Key", key);
        }
        Response response = request.post("/api/referrals");
        response.then().statusCode(status).contentType("application/problem+json").body("status", is(status));
        if (NO_KEY.equals(key)) {
            response.then().body("detail", containsString("Idempotency-Key header is required"));
        }
        assertThat(response.asString(), not(containsString(personCode)));
        assertThat(response.asString(), not(containsString("Jean Dupont")));
        assertThat(response.asString(), not(containsString("Exception")));

        assertThat(stored(key), is(0L));
        assertThat(storedForPerson(personCode), is(0L));
        // A valid request published after this one shows up; the refused one must not have.
        String later = Callers.newRequestAs("maraude-19-b").body(ReferralRequests.valid("maraude-19-b"))
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        requests.awaitRecord(r -> later.equals(r.key()));
        assertThat(requests.readToEnd().stream()
                .filter(r -> arrondissement.equals(JsonPath.from(r.value()).getString("arrondissement"))).toList(), empty());
    }

    /**
     * Every case sends its own Idempotency-Key, which an accepted request would have stored.
     */
    private long stored(String key) {
        return pool.preparedQuery("SELECT count(*) FROM referral WHERE idempotency_key = $1")
                .execute(Tuple.of(key)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private long storedForPerson(String personCode) {
        return pool.preparedQuery("SELECT count(*) FROM referral WHERE person_hash = $1")
                .execute(Tuple.of(ReferralRequests.personHash(personCode))).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private static Arguments bad(String refusal, int status, Consumer<Map<String, Object>> change) {
        return Arguments.of(refusal, status, change, null, null);
    }

    private static Arguments raw(String refusal, int status, String body) {
        return Arguments.of(refusal, status, null, body, null);
    }

    private static Arguments header(String refusal, int status, String idempotencyKey) {
        return Arguments.of(refusal, status, null, null, idempotencyKey);
    }
}
