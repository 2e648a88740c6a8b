package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.Topics;
import org.relais.patrol.support.ReferralRequests;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.TopicReader;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class IdempotencyIT {

    private final EventJson json = new EventJson();

    @Test
    void sequentialReplayReturnsTheSameReferralAndPublishesOnce() {
        Map<String, Object> body = ReferralRequests.valid("maraude-18-a");
        String key = ReferralRequests.idempotencyKey();
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            String id = post(body, key);
            for (int i = 0; i < 3; i++) {
                asPatrol("maraude-18-a").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                        .post("/api/referrals").then().statusCode(202).body("id", is(id)).header("Location", "/api/referrals/" + id);
            }
            assertThat(publishedFor(requests, id), hasSize(1));
        }
    }

    @Test
    void concurrentReplaysReturnTheSameReferralAndPublishOnce() throws Exception {
        String body = json.write(ReferralRequests.valid("maraude-18-b"));
        String key = ReferralRequests.idempotencyKey();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/referrals"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-b")))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 12)
                    .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
            List<HttpResponse<String>> responses = racing.stream().map(CompletableFuture::join).toList();

            assertThat(responses.stream().map(HttpResponse::statusCode).toList(), everyItem(is(202)));
            List<String> ids = responses.stream().map(r -> io.restassured.path.json.JsonPath.from(r.body()).getString("id"))
                    .distinct().toList();
            assertThat(ids, hasSize(1));
            assertThat(publishedFor(requests, ids.get(0)), hasSize(1));
        }
    }

    @Test
    void sameKeyFromAnotherPatrolIsAnotherReferral() {
        String key = ReferralRequests.idempotencyKey();
        String first = post(ReferralRequests.valid("maraude-20-b"), key);
        String second = post(ReferralRequests.valid("maraude-20-c"), key);
        assertThat(second, not(is(first)));
    }

    @Test
    void sameKeyWithAnotherRequestIsRefused() {
        String key = ReferralRequests.idempotencyKey();
        Map<String, Object> body = ReferralRequests.valid("maraude-19-c");
        String id = post(body, key);
        body.put("personCode", ReferralRequests.personCode());
        asPatrol("maraude-19-c").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/referrals").then().statusCode(422).contentType("application/problem+json");
        asPatrol("maraude-19-c").get("/api/referrals/" + id).then().statusCode(200);
    }

    private static String post(Map<String, Object> body, String key) {
        return asPatrol((String) body.get("patrolId")).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/referrals").then().statusCode(202).extract().path("id");
    }

    /**
     * Every request record keyed by this referral. A later referral is published after it (the outbox relays
     * in order), so once that one is seen and the topic read to its end, a second copy would have shown.
     */
    private static List<ConsumerRecord<String, String>> publishedFor(TopicReader requests, String referralId) {
        String later = post(ReferralRequests.valid("maraude-18-a"), ReferralRequests.idempotencyKey());
        requests.awaitRecord(r -> later.equals(r.key()));
        return requests.readToEnd().stream().filter(r -> referralId.equals(r.key())).toList();
    }
}
