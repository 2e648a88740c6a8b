package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
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

import static io.restassured.RestAssured.given;
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

    @Inject
    Pool pool;

    /** How a token is made for one row of the table (null: no Authorization header at all). */
    enum Who {
        NOBODY(() -> null),
        EXPIRED(() -> TestTokens.token("patrol").patrol(OWNER).expired(Duration.ofMinutes(5)).sign()),
        BADLY_SIGNED(() -> TestTokens.token("coordinator").signedByStranger().sign()),
        OWNER_PATROL(() -> TestTokens.patrol(OWNER)),
        OTHER_PATROL(() -> TestTokens.patrol(STRANGER)),
        PATROL_WITHOUT_ID(() -> TestTokens.token("patrol").sign()),
        OPERATOR(() -> TestTokens.operator("facility-" + UUID.randomUUID())),
        COORDINATOR(TestTokens::coordinator),
        ADMIN(TestTokens::admin),
        UNKNOWN_ROLE(() -> TestTokens.token("visitor").sign());

        final Supplier<String> token;

        Who(Supplier<String> token) {
            this.token = token;
        }
    }

    static Stream<Arguments> rules() {
        String list = "GET /api/patrols";
        String one = "GET /api/patrols/" + OWNER;
        String referrals = "GET /api/patrols/" + OWNER + "/referrals";
        String stream = "STREAM /api/patrols/" + OWNER + "/referrals/stream";
        String unknownStream = "STREAM /api/patrols/maraude-99-z/referrals/stream";
        String request = "POST /api/referrals";
        String get = "GET /api/referrals/{referral}";
        String cancel = "POST /api/referrals/{referral}/cancel";
        String audit = "GET /api/audit";
        return Stream.of(
                // No valid token: 401 everywhere, the stream included, whatever exists.
                rule(list, Who.NOBODY, 401), rule(one, Who.NOBODY, 401), rule(referrals, Who.NOBODY, 401),
                rule(stream, Who.NOBODY, 401), rule(unknownStream, Who.NOBODY, 401), rule(request, Who.NOBODY, 401),
                rule(get, Who.NOBODY, 401), rule(cancel, Who.NOBODY, 401), rule(audit, Who.NOBODY, 401),
                rule(list, Who.EXPIRED, 401), rule(request, Who.EXPIRED, 401), rule(get, Who.EXPIRED, 401),
                rule(cancel, Who.EXPIRED, 401), rule(stream, Who.EXPIRED, 401),
                rule(list, Who.BADLY_SIGNED, 401), rule(audit, Who.BADLY_SIGNED, 401), rule(get, Who.BADLY_SIGNED, 401),
                rule(stream, Who.BADLY_SIGNED, 401),
                // Patrols are readable by every role, by no other.
                rule(list, Who.OWNER_PATROL, 200), rule(list, Who.OPERATOR, 200), rule(list, Who.COORDINATOR, 200),
                rule(list, Who.ADMIN, 200), rule(list, Who.UNKNOWN_ROLE, 403),
                rule(one, Who.OTHER_PATROL, 200), rule(one, Who.OPERATOR, 200), rule(one, Who.COORDINATOR, 200),
                rule(one, Who.ADMIN, 200), rule(one, Who.UNKNOWN_ROLE, 403),
                // A patrol's referrals and stream: that patrol or a coordinator.
                rule(referrals, Who.OWNER_PATROL, 200), rule(referrals, Who.COORDINATOR, 200),
                rule(referrals, Who.OTHER_PATROL, 403), rule(referrals, Who.PATROL_WITHOUT_ID, 403),
                rule(referrals, Who.OPERATOR, 403), rule(referrals, Who.ADMIN, 403),
                rule(stream, Who.OWNER_PATROL, 200), rule(stream, Who.COORDINATOR, 200),
                rule(stream, Who.OTHER_PATROL, 403), rule(stream, Who.OPERATOR, 403), rule(stream, Who.ADMIN, 403),
                // Refused before existence is checked: a stranger cannot probe which patrols exist.
                rule(unknownStream, Who.OTHER_PATROL, 403), rule(unknownStream, Who.COORDINATOR, 404),
                // Requests: only a patrol, for itself.
                rule(request, Who.OWNER_PATROL, 202), rule(request, Who.OTHER_PATROL, 403),
                rule(request, Who.PATROL_WITHOUT_ID, 403), rule(request, Who.OPERATOR, 403),
                rule(request, Who.COORDINATOR, 403), rule(request, Who.ADMIN, 403),
                // One referral: its patrol, or a coordinator to read.
                rule(get, Who.OWNER_PATROL, 200), rule(get, Who.COORDINATOR, 200), rule(get, Who.OTHER_PATROL, 403),
                rule(get, Who.OPERATOR, 403), rule(get, Who.ADMIN, 403),
                rule(cancel, Who.OWNER_PATROL, 202), rule(cancel, Who.OTHER_PATROL, 403),
                rule(cancel, Who.PATROL_WITHOUT_ID, 403), rule(cancel, Who.COORDINATOR, 403),
                rule(cancel, Who.OPERATOR, 403), rule(cancel, Who.ADMIN, 403),
                // The audit trail: coordinators only.
                rule(audit, Who.COORDINATOR, 200), rule(audit, Who.OWNER_PATROL, 403), rule(audit, Who.OPERATOR, 403),
                rule(audit, Who.ADMIN, 403));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("rules")
    void answersAsTheRulesSay(String endpoint, Who who, int status) throws Exception {
        String referral = StoredReferrals.insert(pool, OWNER);
        String[] parts = endpoint.split(" ", 2);
        String path = parts[1].replace("{referral}", referral);
        String token = who.token.get();

        if (parts[0].equals("STREAM")) {
            try (SseRecorder stream = new SseRecorder(
                    URI.create("http://localhost:" + RestAssured.port + path), token)) {
                assertThat(stream.status(), is(status));
                if (status != 200) {
                    assertThat(stream.contentType(), is("application/problem+json"));
                }
            }
            return;
        }
        RequestSpecification request = token == null ? given() : Callers.with(token);
        Response response = switch (parts[0]) {
            case "GET" -> request.get(path);
            case "POST" -> path.equals("/api/referrals")
                    ? Callers.newRequest(request).body(ReferralRequests.valid(OWNER)).post(path)
                    : request.post(path);
            default -> throw new IllegalArgumentException(endpoint);
        };
        response.then().statusCode(status);
        if (status >= 400) {
            response.then().contentType("application/problem+json").body("status", is(status));
        }
        if (status == 401) {
            assertThat(response.header("WWW-Authenticate").startsWith("Bearer"), is(true));
        }
        if (parts[1].endsWith("/cancel") && status != 202) {
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

    private static Arguments rule(String endpoint, Who who, int status) {
        return Arguments.of(endpoint, who, status);
    }
}
