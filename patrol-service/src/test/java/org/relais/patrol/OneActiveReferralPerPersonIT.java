package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.Topics;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.patrol.support.StatusEvents;
import org.relais.patrol.support.Waits;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.relais.events.ReferralStatus.CANCELLED;
import static org.relais.events.ReferralStatus.EXPIRED;
import static org.relais.events.ReferralStatus.REQUESTED;
import static org.relais.events.ReferralStatus.WAITLISTED;
import static org.relais.patrol.support.Callers.asPatrol;

/**
 * One person, one place at a time: while a person has an active referral (REQUESTED, HELD or WAITLISTED, no
 * cancellation asked for), a new request for the same person code answers 409 naming it, from any patrol and
 * with any key, and changes nothing; two patrols racing cannot both win. A replay of the first request's key
 * still answers 202 with the first referral.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class OneActiveReferralPerPersonIT {

    private final EventJson json = new EventJson();

    @Inject
    Pool pool;

    @Test
    void anotherPatrolMeetingTheSamePersonGetsTheActiveReferralAndChangesNothing() {
        Map<String, Object> first = ReferralRequests.valid("maraude-18-a");
        String personCode = (String) first.get("personCode");
        String id = Callers.newRequestAs("maraude-18-a").body(first).post("/api/referrals")
                .then().statusCode(202).extract().path("id");

        String subject = "patrol-phone-" + UUID.randomUUID();
        String key = ReferralRequests.idempotencyKey();
        Map<String, Object> second = ReferralRequests.valid("maraude-19-b");
        second.put("personCode", personCode);
        String arrondissement = (String) second.get("arrondissement");
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            Response refused = Callers.with(TestTokens.token("patrol").patrol("maraude-19-b").subject(subject).sign())
                    .contentType(ContentType.JSON).header("Idempotency-Key", key).body(second).post("/api/referrals");
            refused.then().statusCode(409).contentType("application/problem+json")
                    .body("status", is(409))
                    .body("activeReferralId", is(id))
                    .body("detail", containsString("already has an active referral"));
            assertThat(refused.asString(), not(containsString(personCode)));

            assertThat(count("SELECT count(*) FROM referral WHERE idempotency_key = $1", key), is(0L));
            assertThat(count("SELECT count(*) FROM referral WHERE person_hash = $1",
                    ReferralRequests.personHash(personCode)), is(1L));
            assertThat(count("SELECT count(*) FROM audit_entry WHERE subject = $1", subject), is(0L));
            assertThat(publishedIn(requests, arrondissement), empty());
        }
    }

    @Test
    void theSamePatrolWithANewKeyGetsTheActiveReferralAndAReplayStillGetsIt() {
        Map<String, Object> body = ReferralRequests.valid("maraude-20-a");
        String key = ReferralRequests.idempotencyKey();
        String id = post(body, key).then().statusCode(202).extract().path("id");

        // A retry that lost its key (a page reloaded, a second phone of the same patrol): the same person.
        post(body, ReferralRequests.idempotencyKey()).then().statusCode(409).contentType("application/problem+json")
                .body("activeReferralId", is(id));
        // A replay with the first key is the first request again, not a second one.
        post(body, key).then().statusCode(202).body("id", is(id)).body("status", is("REQUESTED"));
    }

    @Test
    void patrolsRacingForOnePersonNeverBothWin() {
        String personCode = ReferralRequests.personCode();
        String arrondissement = ReferralRequests.isolatedArrondissement();
        List<String> patrols = List.of("maraude-18-a", "maraude-18-b", "maraude-19-a", "maraude-19-c", "maraude-20-b",
                "maraude-20-c", "maraude-18-c", "maraude-19-b");
        HttpClient client = HttpClient.newHttpClient();
        List<HttpRequest> racing = patrols.stream().map(patrol -> {
            Map<String, Object> body = ReferralRequests.valid(patrol);
            body.put("personCode", personCode);
            body.put("arrondissement", arrondissement);
            return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/referrals"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", ReferralRequests.idempotencyKey())
                    .header("Authorization", TestTokens.bearer(TestTokens.patrol(patrol)))
                    .POST(HttpRequest.BodyPublishers.ofString(json.write(body)))
                    .build();
        }).toList();

        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            List<CompletableFuture<HttpResponse<String>>> sent = racing.stream()
                    .map(request -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
            List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();

            List<HttpResponse<String>> accepted = answers.stream().filter(a -> a.statusCode() == 202).toList();
            assertThat(accepted, hasSize(1));
            String id = JsonPath.from(accepted.get(0).body()).getString("id");
            List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() != 202).toList();
            assertThat(refused.stream().map(HttpResponse::statusCode).toList(), everyItem(is(409)));
            assertThat(refused.stream().map(a -> JsonPath.from(a.body()).getString("activeReferralId")).toList(),
                    everyItem(is(id)));

            assertThat(count("SELECT count(*) FROM referral WHERE person_hash = $1",
                    ReferralRequests.personHash(personCode)), is(1L));
            List<ConsumerRecord<String, String>> published = publishedIn(requests, arrondissement);
            assertThat(published, hasSize(1));
            assertThat(published.get(0).key(), is(id));
        }
    }

    @Test
    void onceTheReferralHasEndedThePersonMayBeReferredAgain() {
        String patrol = "maraude-19-a";
        Map<String, Object> body = ReferralRequests.valid(patrol);
        String first = post(body, ReferralRequests.idempotencyKey()).then().statusCode(202).extract().path("id");

        try (EventProducer producer = new EventProducer()) {
            producer.send(StatusEvents.event(first, patrol, REQUESTED, WAITLISTED, null, null, null));
            // Still active while it waits.
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + first)
                    .then().body("status", is("WAITLISTED")));
            post(body, ReferralRequests.idempotencyKey()).then().statusCode(409).body("activeReferralId", is(first));

            producer.send(StatusEvents.event(first, patrol, WAITLISTED, EXPIRED, null, null, "WAITLIST_EXPIRED"));
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + first)
                    .then().body("status", is("EXPIRED")));
        }
        String second = post(body, ReferralRequests.idempotencyKey()).then().statusCode(202).extract().path("id");
        assertThat(second, not(is(first)));

        // A referral whose cancellation was asked for no longer holds the person, even before CANCELLED comes back.
        asPatrol(patrol).post("/api/referrals/" + second + "/cancel").then().statusCode(202);
        String third = post(body, ReferralRequests.idempotencyKey()).then().statusCode(202).extract().path("id");
        assertThat(third, not(is(second)));
        post(body, ReferralRequests.idempotencyKey()).then().statusCode(409).body("activeReferralId", is(third));

        try (EventProducer producer = new EventProducer()) {
            producer.send(StatusEvents.event(third, patrol, REQUESTED, WAITLISTED, null, null, null));
            producer.send(StatusEvents.event(third, patrol, WAITLISTED, CANCELLED, null, null, "cancelled by the patrol"));
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + third)
                    .then().body("status", is("CANCELLED")));
        }
        post(body, ReferralRequests.idempotencyKey()).then().statusCode(202);
    }

    private static Response post(Map<String, Object> body, String key) {
        return asPatrol((String) body.get("patrolId")).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/referrals");
    }

    /**
     * Request records of this arrondissement. A later request is published after any earlier one (the outbox
     * relays in order), so once it is seen and the topic read to its end, a record of the refused one would have shown.
     */
    private static List<ConsumerRecord<String, String>> publishedIn(TopicReader requests, String arrondissement) {
        String later = Callers.newRequestAs("maraude-18-b").body(ReferralRequests.valid("maraude-18-b"))
                .post("/api/referrals").then().statusCode(202).extract().path("id");
        requests.awaitRecord(r -> later.equals(r.key()));
        return requests.readToEnd().stream()
                .filter(r -> arrondissement.equals(JsonPath.from(r.value()).getString("arrondissement"))).toList();
    }

    private long count(String sql, String value) {
        return pool.preparedQuery(sql).execute(Tuple.of(value)).await().indefinitely().iterator().next().getLong(0);
    }
}
