package org.relais.patrol.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.relais.events.ReferralStatus;

/** A resumed stream: what was missed, then the live changes, none lost, none twice, ids only growing. No broker. */
class ReferralStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ReferralStream stream = new ReferralStream();

    @Test
    void liveChangesHeardDuringTheReadFollowItWithoutRepeats() {
        CompletableFuture<List<ReferralChange>> read = new CompletableFuture<>();
        AssertSubscriber<ReferralChange> client = stream.after("maraude-19-a", 10, Uni.createFrom().completionStage(read))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        assertTrue(stream.watched("maraude-19-a"), "listening before the read answers");

        // Committed while the database was read: 12 made it into the read, 13 and 14 did not.
        stream.publish(change(12, "maraude-19-a", "r1", ReferralStatus.HELD));
        stream.publish(change(13, "maraude-19-a", "r2", ReferralStatus.WAITLISTED));
        stream.publish(change(13, "maraude-18-a", "other", ReferralStatus.HELD));
        stream.publish(change(14, "maraude-19-a", "r1", ReferralStatus.CANCELLED));
        client.assertItems();
        read.complete(List.of(change(11, "maraude-19-a", "r3", ReferralStatus.DECLINED),
                change(12, "maraude-19-a", "r1", ReferralStatus.HELD)));
        client.awaitItems(4, WAIT);
        // Later: live only; an old change (sent before the reconnect) is not sent again.
        stream.publish(change(9, "maraude-19-a", "r1", ReferralStatus.WAITLISTED));
        stream.publish(change(15, "maraude-19-a", "r2", ReferralStatus.HELD));
        client.awaitItems(5, WAIT);

        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), client.getItems().stream().map(ReferralChange::seq).toList());
        assertEquals(List.of("r3", "r1", "r2", "r1", "r2"),
                client.getItems().stream().map(c -> c.referral().id()).toList());
        client.cancel();
        assertTrue(!stream.watched("maraude-19-a"), "nobody listens once the client left");
    }

    @Test
    void everyStreamEndsWhenChangesMayHaveBeenMissed() {
        AssertSubscriber<ReferralChange> fresh = stream.of("maraude-19-a")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<ReferralChange> resumed = stream.after("maraude-19-b", 3, Uni.createFrom().item(List.of()))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        stream.endAll();

        fresh.awaitCompletion(WAIT);
        resumed.awaitCompletion(WAIT);
        AssertSubscriber<ReferralChange> later = stream.of("maraude-19-a")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        stream.publish(change(20, "maraude-19-a", "r1", ReferralStatus.HELD));
        later.awaitItems(1, WAIT).assertNotTerminated();
    }

    @Test
    void aChangeTooLargeForItsNoticeEndsThePatrolsStreamsOnly() {
        AssertSubscriber<ReferralChange> mine = stream.of("maraude-19-a")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<ReferralChange> theirs = stream.of("maraude-19-b")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        stream.publish(new ReferralChange(21, "maraude-19-a", null));

        mine.awaitCompletion(WAIT);
        assertEquals(List.of(), mine.getItems());
        theirs.assertNotTerminated();
    }

    private static ReferralChange change(long seq, String patrolId, String referralId, ReferralStatus status) {
        Instant at = Instant.parse("2026-12-05T01:00:00Z");
        return new ReferralChange(seq, patrolId, new ReferralView(referralId, patrolId, "75019", status, null, null, null,
                List.of(), null, 2, false, null, at, at.plusSeconds(seq)));
    }
}
