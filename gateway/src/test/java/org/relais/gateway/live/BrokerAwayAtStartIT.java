package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/**
 * A gateway started while no broker answers becomes ready after its replay wait, counted from its start: patrols and
 * operators reach the services through it, and the board says 503 (never an empty board) until it has been replayed.
 */
@QuarkusTest
@TestProfile(BrokerAwayAtStartIT.NoBroker.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class BrokerAwayAtStartIT {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Nothing listens on port 1: every connection is refused at once.
            return Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:1",
                    "relais.live.kafka-timeout", "1s",
                    "relais.live.replay-wait", REPLAY_WAIT.toSeconds() + "s");
        }
    }

    static final Duration REPLAY_WAIT = Duration.ofSeconds(2);

    @Test
    void readyWithoutABoardAndTheBoardSays503() {
        // The application started before this test did. Once the replay wait has passed, nobody having asked for
        // readiness yet, the very first readiness call is already ready: the wait counts from the start.
        Instant testStart = Instant.now();
        await().pollDelay(REPLAY_WAIT.plusMillis(500)).until(() -> Instant.now().isAfter(testStart.plus(REPLAY_WAIT)));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'live-view' }.data.board", startsWith("not replayed"));

        String coordinator = TestTokens.bearer(TestTokens.coordinator());
        given().header("Authorization", coordinator).get("/api/capacity")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("5"))
                .body("status", equalTo(503));
        given().header("Authorization", coordinator).accept("text/event-stream").get("/api/capacity/stream")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("5"));

        // Everything else is forwarded as usual.
        given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a")))
                .contentType("application/json").body("{}")
                .post("/api/referrals")
                .then().statusCode(200)
                .header("X-Upstream", "patrol");
    }
}
