package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.events.ReferralStatus;
import org.relais.patrol.support.Callers;
import org.relais.patrol.support.ReferralRequests;
import org.relais.patrol.support.StatusEvents;
import org.relais.patrol.support.StoredReferrals;
import org.relais.patrol.support.Waits;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** Person codes and notes never reach a log line, whatever happens to the request. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class NoPersonalDataInLogsIT {

    @Inject
    Pool pool;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

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
    void personCodesAndNotesAreNeverLogged() {
        Map<String, Object> body = ReferralRequests.valid("maraude-18-a");
        String personCode = (String) body.get("personCode");
        String note = "note " + UUID.randomUUID() + " : chien, arrive à pied";

        String id = Callers.newRequestAs("maraude-18-a").body(body).post("/api/referrals")
                .then().statusCode(202).extract().path("id");
        // The same person again: refused, naming the referral and never the person.
        Callers.newRequestAs("maraude-18-a").body(body).post("/api/referrals").then().statusCode(409);
        Callers.newRequestAs("maraude-18-a").body(Map.of("patrolId", "maraude-18-a", "personCode", personCode,
                "name", "Jean Dupont")).post("/api/referrals").then().statusCode(400);
        Map<String, Object> withNote = ReferralRequests.valid("maraude-18-a");
        withNote.put("personCode", personCode);
        withNote.put("note", note);
        Callers.newRequestAs("maraude-18-a").body(withNote).post("/api/referrals").then().statusCode(400);
        asPatrol("maraude-18-a").contentType(ContentType.JSON).body(withNote).post("/api/referrals").then().statusCode(400);
        Callers.newRequestAs("maraude-18-a").body("{\"personCode\": \"" + personCode + "\", ")
                .post("/api/referrals").then().statusCode(400);
        asPatrol("maraude-18-a").post("/api/referrals/" + id + "/cancel").then().statusCode(202);
        try (EventProducer producer = new EventProducer()) {
            // Unknown here: logged at debug, which also shows that this test sees the service's debug lines.
            producer.send(StatusEvents.event(UUID.randomUUID().toString(), "maraude-18-a",
                    ReferralStatus.REQUESTED, ReferralStatus.HELD, "f", null, null));
            String stored = StoredReferrals.insert(pool, "maraude-18-a");
            producer.send(StatusEvents.event(stored, "maraude-18-a", ReferralStatus.REQUESTED,
                    ReferralStatus.WAITLISTED, null, null, null));
            await().atMost(Waits.PATIENCE).untilAsserted(() -> asPatrol("maraude-18-a").get("/api/referrals/" + stored)
                    .then().body("status", is("WAITLISTED")));
        }

        assertThat(lines.stream().anyMatch(line -> line.contains("skipped")), is(true));
        assertThat(lines.stream().filter(line -> line.contains(personCode) || line.contains(note)
                || line.contains("Jean Dupont")).toList(), empty());
    }
}
