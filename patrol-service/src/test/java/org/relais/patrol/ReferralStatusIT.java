package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.patrol.support.SseRecorder;
import org.relais.patrol.support.StatusEvents;
import org.relais.patrol.support.StoredReferrals;
import org.relais.patrol.support.Waits;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.relais.events.ReferralStatus.ARRIVED;
import static org.relais.events.ReferralStatus.CANCELLED;
import static org.relais.events.ReferralStatus.DECLINED;
import static org.relais.events.ReferralStatus.HELD;
import static org.relais.events.ReferralStatus.REQUESTED;
import static org.relais.events.ReferralStatus.WAITLISTED;

/**
 * referral-service's status events, played by a plain producer, as the patrol sees them. The referrals are
 * stored directly (see {@link StoredReferrals}), so the events a test plays are the only ones they get; the request
 * path itself is covered by the other tests.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ReferralStatusIT {

    private static final Duration WAIT = Waits.PATIENCE;

    @Inject
    Pool pool;

    private final EventJson json = new EventJson();

    @Test
    void statusEventsUpdateTheReferralAndReachThePatrolStream() throws Exception {
        String patrol = "maraude-19-a";
        String id = StoredReferrals.insert(pool, patrol);
        String facility = "facility-" + UUID.randomUUID();
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);

        try (EventProducer producer = new EventProducer();
                SseRecorder stream = liveStream(patrol, TestTokens.patrol(patrol), producer)) {
            assertThat(stream.status(), is(200));
            assertThat(stream.contentType(), startsWith("text/event-stream"));

            ReferralStatusEvent waitlisted = StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null);
            producer.send(waitlisted);
            // The stream tells the referral's state at each change: a HELD applied before the WAITLISTED one was
            // read would show only HELD (what a patrol needs), so the next step waits for the first to be seen.
            await().atMost(WAIT).until(() -> statusesOn(stream, id).contains("WAITLISTED"));
            producer.send(StatusEvents.event(id, patrol, WAITLISTED, HELD, facility, expires, null, 850));

            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id).then().statusCode(200)
                    .body("status", is("HELD"))
                    .body("facilityId", is(facility))
                    .body("holdExpiresAt", is(expires.toString()))
                    .body("distanceMeters", is(850)));

            // Redelivered (same event id), a status for a referral made elsewhere, and poison: all harmless.
            producer.send(waitlisted);
            producer.send(StatusEvents.event(UUID.randomUUID().toString(), patrol, WAITLISTED, HELD, facility, expires, null));
            producer.send(Topics.REFERRAL_STATUS, id, "{not a status event");
            producer.send(StatusEvents.event(id, patrol, HELD, ARRIVED, facility, null, null));

            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id).then().statusCode(200)
                    .body("status", is("ARRIVED"))
                    .body("facilityId", is(facility))
                    .body("holdExpiresAt", nullValue())
                    .body("distanceMeters", nullValue()));
            await().atMost(WAIT).until(() -> statusesOn(stream, id).contains("ARRIVED"));
            assertThat(statusesOn(stream, id), is(List.of("WAITLISTED", "HELD", "ARRIVED")));
            List<Long> ids = stream.referralEvents().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat("each change carries its number, growing: " + ids, ids, is(ids.stream().sorted().distinct().toList()));

            JsonPath held = stream.events().stream()
                    .filter(e -> e.name().equals("referral")).map(e -> JsonPath.from(e.data()))
                    .filter(v -> id.equals(v.getString("id")) && "HELD".equals(v.getString("status")))
                    .findFirst().orElseThrow();
            assertThat(held.getString("facilityId"), is(facility));
            assertThat(held.getInt("distanceMeters"), is(850));
            assertThat(held.getString("patrolId"), is(patrol));
            assertThat(held.getString("kinds[0]"), is("REST_ROOM"));
            assertThat(held.get("personHash"), nullValue());
            assertThat(held.get("note"), nullValue());
            assertThat(stream.events().get(0), is(new SseRecorder.Event(":", "keep-alive")));
        }
    }

    /**
     * A hold withdrawn because the facility's count fell below its holds: back to the waitlist (reason
     * PLACE_WITHDRAWN), or declined NO_PLACE. Both are applied and streamed; a late copy of the first WAITLISTED
     * (previous status REQUESTED) never takes a held place away.
     */
    @Test
    void aWithdrawnHoldGoesBackToTheWaitlistAndIsStreamed() throws Exception {
        String patrol = "maraude-18-c";
        String id = StoredReferrals.insert(pool, patrol);
        String first = "facility-" + UUID.randomUUID();
        String second = "facility-" + UUID.randomUUID();
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);

        try (EventProducer producer = new EventProducer();
                SseRecorder stream = liveStream(patrol, TestTokens.patrol(patrol), producer)) {
            producer.send(StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null));
            producer.send(StatusEvents.event(id, patrol, WAITLISTED, HELD, first, expires, null));
            producer.send(StatusEvents.event(id, patrol, HELD, WAITLISTED, first, null, "PLACE_WITHDRAWN"));

            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id).then().statusCode(200)
                    .body("status", is("WAITLISTED"))
                    .body("reason", is("PLACE_WITHDRAWN"))
                    .body("holdExpiresAt", nullValue()));
            await().atMost(WAIT).until(() -> statusesOn(stream, id).size() == 3);
            JsonPath withdrawn = viewsOn(stream, id).get(2);
            assertThat(withdrawn.getString("status"), is("WAITLISTED"));
            assertThat(withdrawn.getString("reason"), is("PLACE_WITHDRAWN"));
            assertThat(withdrawn.getString("holdExpiresAt"), nullValue());

            producer.send(StatusEvents.event(id, patrol, WAITLISTED, HELD, second, expires, null));
            producer.send(StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null));
            producer.send(StatusEvents.event(id, patrol, HELD, DECLINED, second, null, "NO_PLACE"));

            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id).then().statusCode(200)
                    .body("status", is("DECLINED"))
                    .body("reason", is("NO_PLACE"))
                    .body("facilityId", is(second)));
            await().atMost(WAIT).until(() -> statusesOn(stream, id).contains("DECLINED"));
            assertThat(statusesOn(stream, id), is(List.of("WAITLISTED", "HELD", "WAITLISTED", "HELD", "DECLINED")));
        }
    }

    /**
     * A client cut off reconnects with the id of the last event it received and gets exactly what changed after it, in
     * order, none twice, then the live changes. The second resumed stream stands for a client that reconnected to
     * another instance: in this test it is the same application, but a resumption reads only the database and the change
     * notices every instance hears, nothing kept by the instance that served the first stream.
     */
    @Test
    void aResumedStreamGetsExactlyTheChangesAfterItsLastId() throws Exception {
        String patrol = "maraude-19-b";
        String token = TestTokens.patrol(patrol);
        String first = StoredReferrals.insert(pool, patrol);
        String second = StoredReferrals.insert(pool, patrol);
        String facility = "facility-" + UUID.randomUUID();
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);

        try (EventProducer producer = new EventProducer()) {
            String lastId;
            try (SseRecorder cut = liveStream(patrol, token, producer)) {
                producer.send(StatusEvents.event(first, patrol, REQUESTED, WAITLISTED, null, null, null));
                await().atMost(WAIT).until(() -> statusesOn(cut, first).contains("WAITLISTED"));
                lastId = cut.lastEventId();
                assertThat(cut.referralEvents().get(cut.referralEvents().size() - 1).id(), is(lastId));
            }
            // Stored while no stream is open.
            producer.send(StatusEvents.event(first, patrol, WAITLISTED, HELD, facility, expires, null));
            producer.send(StatusEvents.event(second, patrol, REQUESTED, WAITLISTED, null, null, null));
            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + first).then()
                    .body("status", is("HELD")));
            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + second).then()
                    .body("status", is("WAITLISTED")));

            try (SseRecorder resumed = new SseRecorder(streamUri(patrol), token, lastId);
                    SseRecorder elsewhere = new SseRecorder(streamUri(patrol), token, lastId)) {
                assertThat(resumed.status(), is(200));
                await().atMost(WAIT).until(() -> resumed.referralEvents().size() >= 2
                        && elsewhere.referralEvents().size() >= 2);
                producer.send(StatusEvents.event(second, patrol, WAITLISTED, HELD, facility, expires, null));
                await().atMost(WAIT).until(() -> statusesOn(resumed, second).contains("HELD")
                        && statusesOn(elsewhere, second).contains("HELD"));

                for (SseRecorder stream : List.of(resumed, elsewhere)) {
                    List<SseRecorder.Event> events = stream.referralEvents();
                    assertThat(events.stream().map(e -> JsonPath.from(e.data()))
                                    .map(v -> v.getString("id") + " " + v.getString("status")).toList(),
                            is(List.of(first + " HELD", second + " WAITLISTED", second + " HELD")));
                    long previous = Long.parseLong(lastId);
                    for (SseRecorder.Event event : events) {
                        assertThat("ids only grow: " + events, Long.parseLong(event.id()) > previous, is(true));
                        previous = Long.parseLong(event.id());
                    }
                }
                assertThat(elsewhere.referralEvents(), is(resumed.referralEvents()));
            }
        }
    }

    /**
     * An id the stream never sends is refused (400 problem+json) rather than taken for a fresh open, which the client
     * would believe a resumption and skip its reload; an empty one is no id at all.
     */
    @Test
    void aLastEventIdThatIsNoChangeNumberIsRefused() throws Exception {
        for (String bad : List.of("abc", "0", "-1", "12a", "1e3", "99999999999999999999")) {
            try (SseRecorder stream = new SseRecorder(streamUri("maraude-20-c"), TestTokens.coordinator(), bad)) {
                assertThat(bad, stream.status(), is(400));
                assertThat(bad, stream.contentType(), is("application/problem+json"));
            }
        }
        try (SseRecorder stream = new SseRecorder(streamUri("maraude-20-c"), TestTokens.coordinator(), "")) {
            assertThat(stream.status(), is(200));
        }
    }

    /**
     * Comments keep an idle stream alive (relais.stream.keep-alive, short in tests), news or not: a proxy or the
     * gateway can then close a stream that stays silent, knowing that its far end is gone.
     */
    @Test
    void idleStreamKeepsSendingKeepAliveComments() throws Exception {
        try (SseRecorder stream = new SseRecorder(streamUri("maraude-20-c"), TestTokens.coordinator())) {
            assertThat(stream.status(), is(200));
            await().atMost(WAIT).until(() -> stream.events().stream()
                    .filter(e -> e.equals(new SseRecorder.Event(":", "keep-alive"))).count() >= 4);
        }
    }

    /**
     * Poison goes to the dead-letter topic with the reason and where it came from in its headers (as the event contract,
     * asyncapi.yaml, says), keeping the original's key, value and headers: a record that claims to be an event of
     * Relais keeps its CloudEvents headers there.
     */
    @Test
    void poisonGoesToTheDeadLetterTopic() {
        String key = "poison-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        Map<String, String> cloudEvent = Map.of("ce_specversion", "1.0", "ce_id", eventId,
                "ce_type", "org.relais.referral-status", "ce_source", "/relais/referral-service",
                "ce_time", Instant.now().toString(), "content-type", "application/json");
        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
                EventProducer producer = new EventProducer()) {
            producer.send(Topics.REFERRAL_STATUS, key, "{\"eventId\": 42", cloudEvent);
            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(r -> key.equals(r.key()));

            assertThat(dead.value(), is("{\"eventId\": 42"));
            assertThat(header(dead, "dead-letter-topic"), is(Topics.REFERRAL_STATUS));
            assertThat(header(dead, "dead-letter-partition"), matchesPattern("[0-9]+"));
            assertThat(header(dead, "dead-letter-offset"), matchesPattern("[0-9]+"));
            assertThat(header(dead, "dead-letter-reason"), not(emptyOrNullString()));
            cloudEvent.forEach((name, value) -> assertThat(name, header(dead, name), is(value)));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void streamOnlyCarriesItsOwnPatrol() throws Exception {
        String mine = StoredReferrals.insert(pool, "maraude-20-a");
        String theirs = StoredReferrals.insert(pool, "maraude-20-b");
        try (EventProducer producer = new EventProducer();
                SseRecorder stream = liveStream("maraude-20-a", TestTokens.patrol("maraude-20-a"), producer)) {
            producer.send(StatusEvents.event(theirs, "maraude-20-b", REQUESTED, WAITLISTED, null, null, null));
            producer.send(StatusEvents.event(mine, "maraude-20-a", REQUESTED, WAITLISTED, null, null, null));
            await().atMost(WAIT).until(() -> statusesOn(stream, mine).contains("WAITLISTED"));
            assertThat(statusesOn(stream, theirs), hasSize(0));
        }
    }

    @Test
    void streamOfAnUnknownPatrolIsAProblem() throws Exception {
        try (SseRecorder stream = new SseRecorder(streamUri("maraude-99-z"), TestTokens.coordinator())) {
            assertThat(stream.status(), is(404));
            assertThat(stream.contentType(), is("application/problem+json"));
        }
    }

    @Test
    void cancellationIsPublishedOnceAndRefusedWhenFinal() {
        String patrol = "maraude-18-b";
        String id = StoredReferrals.insert(pool, patrol);
        try (TopicReader requests = TopicReader.fromEnd(Topics.REFERRAL_REQUESTS);
                EventProducer producer = new EventProducer()) {
            asPatrol(patrol).post("/api/referrals/" + id + "/cancel")
                    .then().statusCode(202).body("id", is(id)).body("status", is("REQUESTED"));
            asPatrol(patrol).post("/api/referrals/" + id + "/cancel")
                    .then().statusCode(202).body("id", is(id));

            String later = request(patrol);
            requests.awaitRecord(r -> later.equals(r.key()));
            List<JsonPath> cancels = requests.readToEnd().stream()
                    .filter(r -> id.equals(r.key())).map(r -> JsonPath.from(r.value()))
                    .filter(e -> "REFERRAL_CANCEL_REQUESTED".equals(e.getString("type"))).toList();
            assertThat(cancels, hasSize(1));
            assertThat(cancels.get(0).getString("referralId"), is(id));
            assertThat(cancels.get(0).getString("patrolId"), is(patrol));

            producer.send(StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null));
            producer.send(StatusEvents.event(id, patrol, WAITLISTED, CANCELLED, null, null, "cancelled by the patrol"));
            await().atMost(WAIT).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id).then().statusCode(200)
                    .body("status", is("CANCELLED"))
                    .body("reason", is("cancelled by the patrol")));

            asPatrol(patrol).post("/api/referrals/" + id + "/cancel")
                    .then().statusCode(409).contentType("application/problem+json").body("status", is(409));
        }
        asPatrol(patrol).post("/api/referrals/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static String request(String patrolId) {
        return Callers.newRequestAs(patrolId).body(ReferralRequests.valid(patrolId)).post("/api/referrals")
                .then().statusCode(202).extract().path("id");
    }

    private SseRecorder liveStream(String patrol, String token, EventProducer producer) throws Exception {
        return SseRecorder.watching(pool, patrol, token, producer);
    }

    private static URI streamUri(String patrolId) {
        return SseRecorder.uri(patrolId);
    }

    private static List<String> statusesOn(SseRecorder stream, String referralId) {
        return stream.statuses(referralId);
    }

    private static List<JsonPath> viewsOn(SseRecorder stream, String referralId) {
        return stream.views(referralId);
    }
}
