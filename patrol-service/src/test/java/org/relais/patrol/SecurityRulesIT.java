package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.events.Topics;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.patrol.support.SseRecorder;
import org.relais.patrol.support.StoredReferrals;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.TopicReader;
import org.relais.testing.security.Caller;
import org.relais.testing.security.Cast;
import org.relais.testing.security.Endpoint;
import org.relais.testing.security.SecurityRules;
import org.relais.testing.security.Who;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.relais.patrol.support.Callers.asPatrol;

/**
 * Who may call what: every endpoint of this service against the tokens that matter. The referral in a path is
 * a fresh one of {@link #OWNER}; {@link #STRANGER} is another real patrol.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class SecurityRulesIT {

    private static final String OWNER = "maraude-19-c";
    private static final String STRANGER = "maraude-20-b";
    /** The live stream's "method": opened as server-sent events, not with RestAssured. */
    private static final String STREAM = "STREAM";

    @Inject
    Pool pool;

    /** The table's patrol is the owner; the operator is one of some facility; an expired token is the owner's. */
    private static final Cast CAST = Cast.of(OWNER, STRANGER, "facility-" + UUID.randomUUID(), null)
            .expiredAs(Who.PATROL);

    static Stream<Arguments> rules() {
        Endpoint list = Endpoint.of("GET", "/api/patrols");
        Endpoint one = Endpoint.of("GET", "/api/patrols/" + OWNER);
        Endpoint referrals = Endpoint.of("GET", "/api/patrols/" + OWNER + "/referrals");
        Endpoint stream = Endpoint.of(STREAM, "/api/patrols/" + OWNER + "/referrals/stream");
        Endpoint unknownStream = Endpoint.of(STREAM, "/api/patrols/maraude-99-z/referrals/stream");
        Endpoint request = Endpoint.of("POST", "/api/referrals")
                .preparing(r -> Callers.newRequest(r).body(ReferralRequests.valid(OWNER)));
        Endpoint get = Endpoint.of("GET", "/api/referrals/{referral}");
        Endpoint cancel = Endpoint.of("POST", "/api/referrals/{referral}/cancel");
        Endpoint audit = Endpoint.of("GET", "/api/audit");
        return Stream.of(
                // No valid token: 401 everywhere, the stream included, whatever exists.
                rule(list, Who.NO_TOKEN, 401), rule(one, Who.NO_TOKEN, 401), rule(referrals, Who.NO_TOKEN, 401),
                rule(stream, Who.NO_TOKEN, 401), rule(unknownStream, Who.NO_TOKEN, 401), rule(request, Who.NO_TOKEN, 401),
                rule(get, Who.NO_TOKEN, 401), rule(cancel, Who.NO_TOKEN, 401), rule(audit, Who.NO_TOKEN, 401),
                rule(list, Who.EXPIRED, 401), rule(request, Who.EXPIRED, 401), rule(get, Who.EXPIRED, 401),
                rule(cancel, Who.EXPIRED, 401), rule(stream, Who.EXPIRED, 401),
                rule(list, Who.BADLY_SIGNED, 401), rule(audit, Who.BADLY_SIGNED, 401), rule(get, Who.BADLY_SIGNED, 401),
                rule(stream, Who.BADLY_SIGNED, 401),
                // Patrols are readable by every role, by no other.
                rule(list, Who.PATROL, 200), rule(list, Who.OPERATOR, 200), rule(list, Who.COORDINATOR, 200),
                rule(list, Who.ADMIN, 200), rule(list, Who.NO_ROLE, 403),
                rule(one, Who.OTHER_PATROL, 200), rule(one, Who.OPERATOR, 200), rule(one, Who.COORDINATOR, 200),
                rule(one, Who.ADMIN, 200), rule(one, Who.NO_ROLE, 403),
                // A patrol's referrals and stream: that patrol or a coordinator.
                rule(referrals, Who.PATROL, 200), rule(referrals, Who.COORDINATOR, 200),
                rule(referrals, Who.OTHER_PATROL, 403), rule(referrals, Who.PATROL_WITHOUT_ID, 403),
                rule(referrals, Who.OPERATOR, 403), rule(referrals, Who.ADMIN, 403),
                rule(stream, Who.PATROL, 200), rule(stream, Who.COORDINATOR, 200),
                rule(stream, Who.OTHER_PATROL, 403), rule(stream, Who.OPERATOR, 403), rule(stream, Who.ADMIN, 403),
                // Refused before existence is checked: a stranger cannot probe which patrols exist.
                rule(unknownStream, Who.OTHER_PATROL, 403), rule(unknownStream, Who.COORDINATOR, 404),
                // Requests: only a patrol, for itself.
                rule(request, Who.PATROL, 202), rule(request, Who.OTHER_PATROL, 403),
                rule(request, Who.PATROL_WITHOUT_ID, 403), rule(request, Who.OPERATOR, 403),
                rule(request, Who.COORDINATOR, 403), rule(request, Who.ADMIN, 403),
                // One referral: its patrol, or a coordinator to read.
                rule(get, Who.PATROL, 200), rule(get, Who.COORDINATOR, 200), rule(get, Who.OTHER_PATROL, 403),
                rule(get, Who.OPERATOR, 403), rule(get, Who.ADMIN, 403),
                rule(cancel, Who.PATROL, 202), rule(cancel, Who.OTHER_PATROL, 403),
                rule(cancel, Who.PATROL_WITHOUT_ID, 403), rule(cancel, Who.COORDINATOR, 403),
                rule(cancel, Who.OPERATOR, 403), rule(cancel, Who.ADMIN, 403),
                // The audit trail: coordinators only.
                rule(audit, Who.COORDINATOR, 200), rule(audit, Who.PATROL, 403), rule(audit, Who.OPERATOR, 403),
                rule(audit, Who.ADMIN, 403));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("rules")
    void answersAsTheRulesSay(Endpoint endpoint, Who who, int status) throws Exception {
        String referral = StoredReferrals.insert(pool, OWNER);
        Endpoint call = endpoint.at("{referral}", referral);
        Caller caller = CAST.caller(who);

        if (call.method().equals(STREAM)) {
            try (SseRecorder stream = new SseRecorder(
                    URI.create("http://localhost:" + RestAssured.port + call.path()), caller.token())) {
                assertThat(stream.status(), is(status));
                if (status != 200) {
                    assertThat(stream.contentType(), is(SecurityRules.PROBLEM));
                }
            }
            return;
        }
        SecurityRules.assertAnswer(call.call(caller), status);
        if (call.path().endsWith("/cancel") && status != 202) {
            assertThat(row(referral).getOffsetDateTime("cancel_requested_at"), nullValue());
        }
    }

    @Test
    void aPatrolRequestingForAnotherPatrolStoresPublishesAndAuditsNothing() {
        String intruder = "intruder-" + UUID.randomUUID();
        String token = TestTokens.token("patrol").patrol(STRANGER).subject(intruder).sign();
        Map<String, Object> body = ReferralRequests.valid(OWNER);
        String arrondissement = (String) body.get("arrondissement");
        String key = ReferralRequests.idempotencyKey();

        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS)) {
            Callers.with(token).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                    .post("/api/referrals")
                    .then().statusCode(403).contentType("application/problem+json");
            // Nor may it cancel another patrol's referral.
            String theirs = StoredReferrals.insert(pool, OWNER);
            Callers.with(token).post("/api/referrals/" + theirs + "/cancel")
                    .then().statusCode(403).contentType("application/problem+json");
            assertThat(row(theirs).getOffsetDateTime("cancel_requested_at"), nullValue());

            // By key, which only the refused request carried.
            assertThat(count("SELECT count(*) FROM referral WHERE idempotency_key = $1", Tuple.of(key)), is(0L));
            assertThat(count("SELECT count(*) FROM audit_entry WHERE subject = $1", Tuple.of(intruder)), is(0L));
            // Requests are relayed in order: once a later one is seen, the refused one would have been too.
            String later = Callers.newRequestAs(OWNER).body(ReferralRequests.valid(OWNER))
                    .post("/api/referrals").then().statusCode(202).extract().path("id");
            requests.awaitRecord(r -> later.equals(r.key()));
            assertThat(requests.readToEnd().stream()
                    .filter(r -> arrondissement.equals(JsonPath.from(r.value()).getString("arrondissement"))
                            || theirs.equals(r.key()))
                    .toList(), empty());
        }
    }

    private long count(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().indefinitely().iterator().next().getLong(0);
    }

    private Row row(String id) {
        return pool.preparedQuery("SELECT * FROM referral WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next();
    }

    private static Arguments rule(Endpoint endpoint, Who who, int status) {
        return Arguments.of(endpoint, who, status);
    }
}
