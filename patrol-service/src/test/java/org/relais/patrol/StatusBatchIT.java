package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.patrol.support.SseRecorder;
import org.relais.patrol.support.StatusEvents;
import org.relais.patrol.support.StoredReferrals;
import org.relais.patrol.support.Waits;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.relais.events.ReferralStatus.ARRIVED;
import static org.relais.events.ReferralStatus.HELD;
import static org.relais.events.ReferralStatus.REQUESTED;
import static org.relais.events.ReferralStatus.WAITLISTED;

/**
 * Status events produced all at once, so that the consumer reads them in batches holding several events of one
 * referral, duplicates and poison: each batch must still apply a referral's events in record order, each once, number
 * a patrol's changes in the order they commit, and dead-letter poison alone.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class StatusBatchIT {

    private static final int REFERRALS_PER_PATROL = 15;
    private static final List<String> PATROLS = List.of("maraude-18-a", "maraude-19-c");

    @Inject
    Pool pool;

    /** One referral's story: its events in the order referral-service published them. */
    private record Story(String patrol, String referral, String secondFacility, List<ReferralStatusEvent> events) {
    }

    /**
     * Each referral is waitlisted, held, its hold withdrawn, held elsewhere, and arrives. The withdrawal is delivered
     * twice: right after the second hold (most likely in the same batch) and, for half of them, again in a later batch
     * before the arrival. Applied twice, it would take the second hold away and leave the referral WAITLISTED (ARRIVED
     * applies only from HELD); applied out of order, a step would not apply from the status it finds.
     */
    @Test
    void aBatchAppliesEachReferralsEventsInOrderOnceAndNumbersThemInCommitOrder() throws Exception {
        Map<String, SseRecorder> streams = new HashMap<>();
        Map<String, String> resumeFrom = new HashMap<>();
        List<Story> stories = new ArrayList<>();
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        try (EventProducer producer = new EventProducer()) {
            try {
                for (String patrol : PATROLS) {
                    SseRecorder stream = SseRecorder.watching(pool, patrol, TestTokens.patrol(patrol), producer);
                    streams.put(patrol, stream);
                    resumeFrom.put(patrol, stream.lastEventId());
                }
                for (int i = 0; i < REFERRALS_PER_PATROL; i++) {
                    for (String patrol : PATROLS) {
                        String id = StoredReferrals.insert(pool, patrol);
                        String first = "facility-" + UUID.randomUUID();
                        String second = "facility-" + UUID.randomUUID();
                        ReferralStatusEvent withdrawn = StatusEvents.event(id, patrol, HELD, WAITLISTED, first, null,
                                "PLACE_WITHDRAWN");
                        stories.add(new Story(patrol, id, second, List.of(
                                StatusEvents.event(id, patrol, REQUESTED, WAITLISTED, null, null, null),
                                StatusEvents.event(id, patrol, WAITLISTED, HELD, first, expires, null, 100 + i),
                                withdrawn,
                                StatusEvents.event(id, patrol, WAITLISTED, HELD, second, expires, null, 200 + i),
                                withdrawn,
                                StatusEvents.event(id, patrol, HELD, ARRIVED, second, null, null))));
                    }
                }
                // Step by step across referrals, as referral-service interleaves them; the later copy of the
                // withdrawal and the arrival of every other referral wait for a batch of their own.
                List<Story> late = new ArrayList<>();
                for (int step = 0; step < 5; step++) {
                    for (Story story : stories) {
                        producer.publish(story.events().get(step));
                    }
                }
                for (int i = 0; i < stories.size(); i++) {
                    if (i % 2 == 0) {
                        producer.publish(stories.get(i).events().get(5));
                    } else {
                        late.add(stories.get(i));
                    }
                }
                producer.flush();
                await().atMost(Waits.PATIENCE).until(() -> stories.stream().allMatch(story -> {
                    Row row = stored(story.referral());
                    return story.secondFacility().equals(row.getString("facility_id"))
                            && (late.contains(story) ? "HELD" : "ARRIVED").equals(row.getString("status"));
                }));
                for (Story story : late) {
                    producer.publish(story.events().get(2));
                    producer.publish(story.events().get(5));
                }
                producer.flush();

                await().atMost(Waits.PATIENCE).until(() -> stories.stream()
                        .allMatch(story -> "ARRIVED".equals(stored(story.referral()).getString("status"))));
                for (Story story : stories) {
                    Row row = stored(story.referral());
                    assertThat(story.referral(), row.getString("facility_id"), is(story.secondFacility()));
                }
                for (String patrol : PATROLS) {
                    SseRecorder stream = streams.get(patrol);
                    List<Story> ours = stories.stream().filter(story -> story.patrol().equals(patrol)).toList();
                    await().atMost(Waits.PATIENCE).until(() -> allArrived(stream, ours));
                    Map<String, List<String>> statuses = statusesById(stream);
                    Map<String, Long> lastIds = lastIdsById(stream);
                    for (Story story : ours) {
                        assertThat(story.referral(), statuses.get(story.referral()),
                                is(List.of("WAITLISTED", "HELD", "WAITLISTED", "HELD", "ARRIVED")));
                        // The stored number is the one the stream sent with the referral's last change.
                        assertThat(story.referral(), lastIds.get(story.referral()),
                                is(stored(story.referral()).getLong("change_seq")));
                    }
                    List<Long> ids = stream.referralEvents().stream().map(e -> Long.parseLong(e.id())).toList();
                    assertThat("a patrol's changes come in number order, each once: " + ids, ids,
                            is(ids.stream().sorted().distinct().toList()));

                    // Resumed from before the events: each referral once, as stored, in number order.
                    try (SseRecorder resumed = new SseRecorder(SseRecorder.uri(patrol), TestTokens.patrol(patrol),
                            resumeFrom.get(patrol))) {
                        await().atMost(Waits.PATIENCE).until(() -> allArrived(resumed, ours));
                        Map<String, List<String>> resumedStatuses = statusesById(resumed);
                        for (Story story : ours) {
                            assertThat(resumedStatuses.get(story.referral()), is(List.of("ARRIVED")));
                        }
                        List<Long> resumedIds = resumed.referralEvents().stream().map(e -> Long.parseLong(e.id())).toList();
                        assertThat(resumedIds, is(resumedIds.stream().sorted().distinct().toList()));
                    }
                }
            } finally {
                streams.values().forEach(SseRecorder::close);
            }
        }
    }

    /**
     * Poison among valid records of one batch (one partition: all under one key, as records of the same referral
     * would be): it goes to the dead-letter topic alone, and every valid record around it is applied.
     */
    @Test
    void poisonInABatchIsDeadLetteredAloneAndTheValidRecordsAreApplied() {
        String patrol = "maraude-19-c";
        String key = "batch-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(StoredReferrals.insert(pool, patrol));
        }
        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
                EventProducer producer = new EventProducer()) {
            for (int i = 0; i < ids.size(); i++) {
                producer.publish(key, StatusEvents.event(ids.get(i), patrol, REQUESTED, WAITLISTED, null, null, null));
                if (i == 3) {
                    producer.publish(Topics.REFERRAL_STATUS, key, "{not a status event");
                }
            }
            for (String id : ids) {
                producer.publish(key, StatusEvents.event(id, patrol, WAITLISTED, HELD, "facility-" + id, null, null));
            }
            producer.flush();

            await().atMost(Waits.PATIENCE).until(() -> ids.stream()
                    .allMatch(id -> "HELD".equals(stored(id).getString("status"))));
            deadLetters.awaitRecord(r -> key.equals(r.key()));
            List<String> dead = deadLetters.readToEnd().stream().filter(r -> key.equals(r.key()))
                    .map(ConsumerRecord::value).toList();
            assertThat(dead, is(List.of("{not a status event")));
            assertThat(ids.stream().map(id -> stored(id).getString("facility_id")).toList(),
                    is(ids.stream().map(id -> "facility-" + id).toList()));
            assertThat(ids.stream().map(id -> stored(id).getLong("change_seq") != null).toList(), everyItem(is(true)));
        }
    }

    /** Each referral's statuses on the stream, every event parsed once (a stream holds hundreds here). */
    private static Map<String, List<String>> statusesById(SseRecorder stream) {
        Map<String, List<String>> statuses = new HashMap<>();
        for (SseRecorder.Event event : stream.referralEvents()) {
            JsonPath view = JsonPath.from(event.data());
            statuses.computeIfAbsent(view.getString("id"), id -> new ArrayList<>()).add(view.getString("status"));
        }
        return statuses;
    }

    /** Each referral's last change number on the stream. */
    private static Map<String, Long> lastIdsById(SseRecorder stream) {
        Map<String, Long> ids = new HashMap<>();
        for (SseRecorder.Event event : stream.referralEvents()) {
            ids.put(JsonPath.from(event.data()).getString("id"), Long.parseLong(event.id()));
        }
        return ids;
    }

    private static boolean allArrived(SseRecorder stream, List<Story> stories) {
        Map<String, List<String>> statuses = statusesById(stream);
        return stories.stream().allMatch(story -> statuses.getOrDefault(story.referral(), List.of()).contains("ARRIVED"));
    }

    private Row stored(String id) {
        return pool.preparedQuery("SELECT status, facility_id, change_seq FROM referral WHERE id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
    }
}
