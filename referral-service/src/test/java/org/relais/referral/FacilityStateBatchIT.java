package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * A burst of facility states, consumed in batches: stale versions among newer ones, poison in the middle (a record that
 * is not an event, and one whose value the database refuses). The view ends at each facility's newest state, only the
 * poison is dead-lettered, and the referrals waiting get the places that appeared.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class FacilityStateBatchIT {

    @Test
    void aBurstOfStatesEndsAtEachFacilitysNewestAndDeadLettersOnlyThePoison() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        Facility a = RelaisKafka.shelter(RelaisKafka.freshId("batch-a"), arrondissement, RelaisKafka.EVERYONE, 48.89, 2.35);
        Facility b = RelaisKafka.shelter(RelaisKafka.freshId("batch-b"), arrondissement, RelaisKafka.EVERYONE, 48.89, 2.35);
        Facility c = RelaisKafka.shelter(RelaisKafka.freshId("batch-c"), arrondissement, RelaisKafka.EVERYONE, 48.89, 2.35);
        // A NUL character PostgreSQL cannot store in text: poison only the database finds out.
        Facility unstorable = RelaisKafka.shelter(RelaisKafka.freshId("batch-nul"), arrondissement + "\u0000",
                RelaisKafka.EVERYONE, 48.89, 2.35);
        String first = RelaisKafka.freshId("waiting-1");
        String second = RelaisKafka.freshId("waiting-2");

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
                Connection db = TestDatabase.connect()) {
            for (Facility facility : List.of(a, b, c)) {
                kafka.publish(state(facility, 0, 1));
            }
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> view(db, a, b, c).size() == 3);
            kafka.publish(RelaisKafka.request(first, arrondissement, Instant.now()));
            kafka.publish(first, RelaisKafka.request(second, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(first, ReferralStatus.WAITLISTED);
            statuses.awaitSteps(second, ReferralStatus.WAITLISTED);

            // Newest: a at version 40 with 2 places, b at 35 with none, c at 38 with none. Many states per facility,
            // stale ones (lower versions, offering places) after newer ones, poison in the middle.
            List<FacilityStateEvent> burst = new ArrayList<>();
            for (int version = 2; version <= 30; version++) {
                burst.add(state(a, version % 3, version));
                burst.add(state(b, 4, version));
                burst.add(state(c, version % 2 == 0 ? 0 : 5, version));
            }
            burst.add(state(c, 0, 38));
            burst.add(state(b, 0, 35));
            for (FacilityStateEvent event : burst) {
                kafka.publish(event);
            }
            kafka.publish(Topics.FACILITY_STATE, a.id(), "{not json");
            kafka.publish(state(unstorable, 3, 2));
            kafka.publish(state(c, 5, 37));
            kafka.publish(state(b, 5, 34));
            kafka.publish(state(a, 0, 39));
            kafka.publish(state(a, 2, 40));
            kafka.publish(state(a, 5, 12));
            kafka.publish(state(c, 5, 3));
            kafka.flush();

            // Held at a in the end (a batch ending on an older state may have held them elsewhere for a while: the
            // newest states withdrew those holds).
            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.current(List.of(first, second)).equals(Map.of(
                    first, ReferralStatus.HELD, second, ReferralStatus.HELD)));
            await().atMost(RelaisKafka.PATIENCE).until(() -> deadLetters.readToEnd().stream()
                    .filter(r -> a.id().equals(r.key()) || unstorable.id().equals(r.key())).count() == 2);
            await().atMost(RelaisKafka.PATIENCE).until(() -> view(db, a, b, c).equals(Map.of(
                    a.id(), List.of(40L, 2L, 2L), b.id(), List.of(35L, 0L, 0L), c.id(), List.of(38L, 0L, 0L))));
            As.coordinator().queryParam("facilityId", a.id()).get("/api/holds").then().statusCode(200);
            // Only the poison, each once (the topic's partitions may come back in any order).
            assertEquals(List.of(unstorable.id(), "{not json"), deadLetters.readToEnd().stream()
                    .filter(r -> List.of(a.id(), b.id(), c.id(), unstorable.id()).contains(r.key()))
                    .map(r -> a.id().equals(r.key()) ? r.value() : r.key()).sorted().toList());
            assertEquals(Map.of(), view(db, unstorable));
        }
    }

    private static FacilityStateEvent state(Facility facility, int free, long version) {
        return RelaisKafka.state(facility, new Availability(free, 5, Instant.now(), version), null);
    }

    /** Each facility's stored version, free and held places. */
    private static Map<String, List<Long>> view(Connection db, Facility... facilities) throws Exception {
        Map<String, List<Long>> view = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT facility_id, availability_version, free, held FROM facility_availability WHERE facility_id = ANY(?)")) {
            query.setArray(1, db.createArrayOf("text", java.util.Arrays.stream(facilities).map(Facility::id).toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    view.put(rows.getString(1), List.of(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return view;
    }
}
