package org.relais.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.http.HttpClientOptions;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.Board;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/**
 * Event streams cannot take a gateway's connections from everybody else: a cap per token subject across the board's
 * and the proxied streams, a pool of their own towards the services, and an idle timeout on proxied streams.
 */
@QuarkusTest
@TestProfile(StreamLimitsIT.SmallLimits.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class StreamLimitsIT {

    static final int PER_SUBJECT = 3;
    /** Connections per service for everything but streams. */
    static final int MAX_CONNECTIONS = 2;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "relais.streams.per-subject", Integer.toString(PER_SUBJECT),
                    "relais.upstream.max-connections", Integer.toString(MAX_CONNECTIONS),
                    "relais.upstream.stream-max-connections", "20",
                    "relais.upstream.stream-idle-timeout", "1s");
        }
    }

    @FakeUpstreams.Inject
    FakeUpstreams upstreams;

    @TestHTTPResource("/")
    URL gateway;

    /** The board answers 503 until this application's replay of the facility topics is done. */
    @BeforeEach
    void boardReplayed() {
        Board.awaitReady();
    }

    @Test
    void oneSubjectHoldsAtMostItsCapOfStreamsOthersStillGetOne() {
        String busy = coordinator("busy");
        List<SseClient> open = new ArrayList<>();
        try {
            // Board and proxied streams count together.
            open.add(SseClient.open(board(), new HttpClientOptions(), busy));
            open.add(SseClient.open(patrolStream("maraude-" + UUID.randomUUID()), new HttpClientOptions(), busy));
            for (int i = open.size(); i < PER_SUBJECT; i++) {
                open.add(SseClient.open(board(), new HttpClientOptions(), busy));
            }
            open.forEach(sse -> assertEquals(200, sse.status()));

            for (URI beyond : List.of(board(), patrolStream("maraude-" + UUID.randomUUID()))) {
                try (SseClient refused = SseClient.open(beyond, new HttpClientOptions(), busy)) {
                    assertEquals(429, refused.status(), beyond.getPath());
                    assertEquals(FakeUpstreams.PROBLEM_JSON, refused.header("Content-Type"));
                    assertTrue(refused.header("Retry-After").matches("[1-9][0-9]*"));
                }
            }
            // Somebody else is not refused.
            try (SseClient other = SseClient.open(patrolStream("maraude-" + UUID.randomUUID()), new HttpClientOptions(),
                    coordinator("other"))) {
                assertEquals(200, other.status());
            }

            // A closed stream gives its place back.
            open.remove(0).close();
            await().until(() -> {
                SseClient again = SseClient.open(board(), new HttpClientOptions(), busy);
                if (again.status() == 200) {
                    open.add(again);
                    return true;
                }
                again.close();
                return false;
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void openStreamsNeverKeepOtherRequestsFromTheService() {
        List<SseClient> open = new ArrayList<>();
        try {
            // More open patrol streams than the pool of ordinary requests to patrol-service has connections.
            for (int i = 0; i < MAX_CONNECTIONS + 1; i++) {
                SseClient sse = SseClient.open(patrolStream("maraude-" + UUID.randomUUID()), new HttpClientOptions(),
                        coordinator("watcher-" + i));
                open.add(sse);
                assertEquals(200, sse.status());
                await().until(() -> !sse.events("referral").isEmpty());
            }
            for (int i = 0; i < MAX_CONNECTIONS + 1; i++) {
                given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a")))
                        .contentType("application/json").body("{}")
                        .when().post("/api/referrals")
                        .then().statusCode(200)
                        .body("upstream", equalTo("patrol"));
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aStreamTheServiceStopsFeedingIsClosedOnBothSides() {
        int closedBefore = upstreams.closedStreams();
        try (SseClient sse = SseClient.open(patrolStream("silent-" + UUID.randomUUID()), new HttpClientOptions(),
                coordinator("listener"))) {
            assertEquals(200, sse.status());
            await().until(() -> !sse.events("referral").isEmpty());
            // Nothing more comes from the service: after the idle timeout the gateway closes the caller's stream
            // (which reconnects with Last-Event-ID) and the service's.
            await().until(sse::ended);
        }
        await().until(() -> upstreams.closedStreams() > closedBefore);
    }

    @Test
    void aStreamThatKeepsTalkingStaysOpenPastTheIdleTimeout() {
        try (SseClient sse = SseClient.open(patrolStream("maraude-" + UUID.randomUUID()), new HttpClientOptions(),
                coordinator("talker"))) {
            assertEquals(200, sse.status());
            // The fake service sends an event every 200 ms: many idle timeouts' worth of events, still open.
            await().until(() -> sse.events("referral").size() >= 15);
            assertFalse(sse.ended());
        }
    }

    private URI board() {
        return URI.create(gateway.toString().replaceAll("/$", "") + "/api/capacity/stream");
    }

    private URI patrolStream(String patrol) {
        return URI.create(gateway.toString().replaceAll("/$", "") + "/api/patrols/" + patrol + "/referrals/stream");
    }

    private static String coordinator(String who) {
        return TestTokens.token("coordinator").subject(who + "-" + UUID.randomUUID()).sign();
    }
}
