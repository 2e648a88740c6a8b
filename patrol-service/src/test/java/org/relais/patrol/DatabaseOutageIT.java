package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.patrol.support.SseRecorder;
import org.relais.patrol.support.StatusEvents;
import org.relais.patrol.support.StoredReferrals;
import org.relais.patrol.support.Waits;
import org.relais.testing.DatabaseOutage;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.relais.events.ReferralStatus.HELD;
import static org.relais.events.ReferralStatus.REQUESTED;
import static org.relais.events.ReferralStatus.WAITLISTED;
import static org.relais.patrol.support.Callers.asPatrol;

/**
 * PostgreSQL away for longer than any bounded retry would wait: a valid status event is retried until the database
 * is back and then applied, never dead-lettered (which would leave the patrol without its HELD for good).
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class DatabaseOutageIT {

    /**
     * As long as the other services' outage tests: some twenty attempts with this profile's 2 s backoff cap, twice the
     * ten a bounded retry used to make before dead-lettering.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(40);

    @Inject
    Pool pool;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** A run killed in the middle of an outage must not leave the shared server's test database closed. */
    @BeforeAll
    static void databaseIsOpen() {
        DatabaseOutage.restore();
    }

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aHeldStatusWaitsOutTheOutageAndIsApplied() {
        String patrol = "maraude-20-c";
        String id = StoredReferrals.insert(pool, patrol);
        String facility = "facility-" + UUID.randomUUID();
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        ReferralStatusEvent held = StatusEvents.event(id, patrol, WAITLISTED, HELD, facility, expires, null);

        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
                EventProducer producer = new EventProducer()) {
            // The consumer first catches up (records redelivered at start-up need the database too), so that the
            // record it tries during the outage is this test's.
            producer.send(StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null));
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id)
                    .then().statusCode(200).body("status", is("WAITLISTED")));
            try (DatabaseOutage outage = DatabaseOutage.begin()) {
                producer.send(held);
                // Tried while the database is away...
                await().atMost(Waits.PATIENCE).until(() -> lines.stream()
                        .anyMatch(line -> line.contains(held.eventId().toString()) && line.contains("retrying")));
                // ...and never given up on, however long the outage lasts.
                await().pollInSameThread().during(OUTAGE).atMost(OUTAGE.plus(Waits.PATIENCE))
                        .until(() -> deadLetters.seenSoFar(r -> id.equals(r.key())).isEmpty());
            }
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id)
                    .then().statusCode(200)
                    .body("status", is("HELD"))
                    .body("facilityId", is(facility)));
            assertThat(deadLetters.readToEnd().stream().filter(r -> id.equals(r.key())).toList(), empty());
        }
    }

    /**
     * A patrol stream open through an outage never goes on as if nothing happened while a change passed it by: it shows
     * the change, or ends so that its client resumes from its last id and gets it. (Fed from the topic, a stream kept
     * going with the change lost: the feed's lookup failed during the outage, and the stored HELD was never shown.)
     */
    @Test
    void aStreamOpenThroughAnOutageShowsTheChangeOrEndsAndResumesWithIt() throws Exception {
        String patrol = "maraude-20-b";
        String token = TestTokens.patrol(patrol);
        String id = StoredReferrals.insert(pool, patrol);
        ReferralStatusEvent held = StatusEvents.event(id, patrol, WAITLISTED, HELD, "facility-" + UUID.randomUUID(),
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), null);

        try (EventProducer producer = new EventProducer();
                SseRecorder stream = SseRecorder.watching(pool, patrol, token, producer)) {
            producer.send(StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null));
            await().atMost(Waits.PATIENCE).until(() -> stream.statuses(id).contains("WAITLISTED"));
            // Stored too, so that the record tried during the outage is the HELD one.
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol(patrol).get("/api/referrals/" + id)
                    .then().statusCode(200).body("status", is("WAITLISTED")));
            try (DatabaseOutage outage = DatabaseOutage.begin()) {
                producer.send(held);
                await().atMost(Waits.PATIENCE).until(() -> lines.stream()
                        .anyMatch(line -> line.contains(held.eventId().toString()) && line.contains("retrying")));
            }
            await().atMost(Waits.PATIENCE).until(() -> stream.statuses(id).contains("HELD") || stream.ended());
            if (!stream.statuses(id).contains("HELD")) {
                try (SseRecorder resumed = new SseRecorder(SseRecorder.uri(patrol), token, stream.lastEventId())) {
                    await().atMost(Waits.PATIENCE).until(() -> resumed.statuses(id).contains("HELD"));
                    assertThat(resumed.statuses(id), is(List.of("HELD")));
                }
            }
        }
    }
}
