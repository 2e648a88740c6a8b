package org.relais.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.bench.chaos.InvariantCheckerTest.failures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterChecksTest {

    private static final Instant T0 = Instant.parse("2026-12-05T02:00:00Z");
    private static final Map<String, Boolean> READY_THROUGHOUT = Map.of("gateway", false, "patrol-service", false);

    private static Recovery recovery(String process, Map<String, Boolean> sawNotReady) {
        return new Recovery("kill -9 " + process, 1, 4.0, 18.5, 0.0, 0.4, 3.0, sawNotReady, 0.2, true, null);
    }

    private static ClusterChecks.Fault broker(Ledger.Window writes, ClusterChecks.Resync resync) {
        return new ClusterChecks.Fault("kafka-2", recovery("kafka-2", READY_THROUGHOUT), writes,
                List.of(new ClusterChecks.StreamActivity("gateway-1", 40, 0), new ClusterChecks.StreamActivity("gateway-2", 38, 0)), 0, 0,
                null, resync);
    }

    private static ClusterChecks.Rejoin rejoin(Map<String, Integer> after) {
        return new ClusterChecks.Rejoin("referral-service", Map.of("a-1", 3, "a-2", 1, "b-1", 3, "b-2", 1), after, 6.5);
    }

    private static ClusterChecks.Fault instance(String process, List<ClusterChecks.StreamActivity> streams, long ended, long reopened,
            ClusterChecks.Rejoin rejoin, Map<String, Boolean> sawNotReady) {
        return new ClusterChecks.Fault(process, recovery(process, sawNotReady), null, streams, ended, reopened, rejoin, null);
    }

    /** A patrol's stream without event ids that showed these statuses; patrol-service stores r1 HELD, r2 ARRIVED. */
    private static ClusterChecks.PatrolStream patrol(long duplicates, Map<String, String> viewStatuses) {
        return patrol(duplicates, false, viewStatuses);
    }

    private static ClusterChecks.PatrolStream patrol(long duplicates, boolean ids, Map<String, String> viewStatuses) {
        Map<String, ClusterChecks.Shown> view = new HashMap<>();
        viewStatuses.forEach((id, status) -> view.put(id, new ClusterChecks.Shown(status, T0)));
        return new ClusterChecks.PatrolStream("P-1", 12, duplicates, 1, 0, ids, view, Map.of("r1", "HELD", "r2", "ARRIVED"));
    }

    private static final class Run {
        final List<ClusterChecks.Fault> faults = new ArrayList<>(List.of(
                broker(new Ledger.Window("kafka-2", 50, 2, 0, 0), new ClusterChecks.Resync(0, 3.5, 2)),
                instance("gateway-1", List.of(new ClusterChecks.StreamActivity("gateway-2", 30, 0)), 0, 0, null, READY_THROUGHOUT),
                instance("referral-service-2", List.of(new ClusterChecks.StreamActivity("gateway-1", 20, 0),
                        new ClusterChecks.StreamActivity("gateway-2", 21, 0)), 0, 0,
                        rejoin(Map.of("a-1", 3, "a-2", 1, "c-1", 3, "c-2", 1)), READY_THROUGHOUT),
                instance("patrol-service-1", List.of(new ClusterChecks.StreamActivity("gateway-1", 20, 0)), 2, 2, null, READY_THROUGHOUT)));
        final List<ClusterChecks.PatrolStream> patrols = new ArrayList<>(List.of(patrol(0, Map.of("r1", "HELD", "r2", "ARRIVED"))));
        final Map<String, Long> versions = Map.of("f1", 7L, "f2", 3L);
        final Map<String, Map<String, Long>> views = new HashMap<>(Map.of("gateway-1", Map.of("f1", 7L, "f2", 3L),
                "gateway-2", Map.of("f1", 7L, "f2", 3L)));

        List<Check> check() {
            return ClusterChecks.check(faults, patrols, versions, views);
        }
    }

    @Test
    void aClusterThatKeptServingPassesEveryCheck() {
        List<Check> checks = new Run().check();
        assertEquals(List.of(), failures(checks), checks.toString());
        assertTrue(checks.stream().anyMatch(c -> c.name().contains("ready again after its start") && c.figure().equals("18.5 s")));
    }

    @Test
    void aWriteUnansweredOrFailedWhileABrokerIsDownFails() {
        Run run = new Run();
        run.faults.set(0, broker(new Ledger.Window("kafka-2", 50, 2, 1, 0), new ClusterChecks.Resync(0, 3.5, 2)));
        assertEquals(List.of("writes while the broker was down: answered 5xx (none may be; some must be 2xx)"), failures(run.check()));
        // No write accepted at all in the window is no proof either.
        run.faults.set(0, broker(new Ledger.Window("kafka-2", 0, 0, 0, 0), new ClusterChecks.Resync(0, 3.5, 2)));
        assertEquals(List.of("writes while the broker was down: answered 5xx (none may be; some must be 2xx)"), failures(run.check()));
        // Writes the tool stopped waiting for are shown apart, as a warning.
        run.faults.set(0, broker(new Ledger.Window("kafka-2", 50, 2, 0, 3), new ClusterChecks.Resync(0, 3.5, 2)));
        List<Check> checks = run.check();
        assertEquals(List.of(), failures(checks));
        assertTrue(checks.stream().anyMatch(c -> c.status() == Check.Status.WARN && c.name().contains("not answered")));
    }

    @Test
    void ledgerWindowsCountOnlyWhatIsAnsweredWhileOpen() {
        Ledger ledger = new Ledger();
        ledger.answered(200);
        ledger.openWindow("kafka-1");
        ledger.answered(202);
        ledger.answered(409);
        ledger.answered(503);
        ledger.answered(0);
        Ledger.Window w = ledger.closeWindow();
        ledger.answered(500);
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(w.accepted(), w.refusedAsAsked(), w.serverErrors(), w.unanswered()));
    }

    @Test
    void aSurvivingGatewayStreamThatEndedOrStarvedFails() {
        Run run = new Run();
        run.faults.set(1, instance("gateway-1", List.of(new ClusterChecks.StreamActivity("gateway-2", 30, 1)), 0, 0, null,
                READY_THROUGHOUT));
        run.faults.set(2, instance("referral-service-2", List.of(new ClusterChecks.StreamActivity("gateway-1", 0, 0)), 0, 0,
                rejoin(Map.of("a-1", 3, "a-2", 1, "c-1", 3, "c-2", 1)), READY_THROUGHOUT));
        assertEquals(List.of("gateway-2's capacity stream fed throughout (changes received, never ended)",
                "gateway-1's capacity stream fed throughout (changes received, never ended)"), failures(run.check()));
    }

    @Test
    void thePlatformUnreadyThroughTheLoadBalancerFails() {
        Run run = new Run();
        run.faults.set(1, instance("gateway-1", List.of(new ClusterChecks.StreamActivity("gateway-2", 30, 0)), 0, 0, null,
                Map.of("gateway", true, "patrol-service", false)));
        List<Check> checks = run.check();
        assertEquals(List.of("the platform through the load balancer ready throughout"), failures(checks));
        assertTrue(checks.stream().anyMatch(c -> c.figure().equals("no: not ready at gateway (the slowest probe waited 0.2 s)")));
    }

    @Test
    void aRestartedInstanceMustHoldPartitionsAgain() {
        ClusterChecks.Rejoin back = rejoin(Map.of("a-1", 3, "a-2", 1, "c-1", 3, "c-2", 1));
        assertTrue(back.back());
        assertEquals(2, back.gone());
        // Rejoined, but one of its consumers holds nothing: the killed instance had two holding partitions.
        ClusterChecks.Rejoin partly = rejoin(Map.of("a-1", 3, "a-2", 3, "c-1", 2, "c-2", 0));
        assertFalse(partly.back());
        // The killed instance's members still listed (its session not yet expired): not back.
        assertFalse(rejoin(Map.of("a-1", 3, "a-2", 1, "b-1", 3, "b-2", 1)).back());
        Run run = new Run();
        run.faults.set(2, instance("referral-service-2", List.of(new ClusterChecks.StreamActivity("gateway-1", 20, 0)), 0, 0,
                new ClusterChecks.Rejoin("referral-service", partly.before(), partly.after(), Double.NaN), READY_THROUGHOUT));
        assertEquals(List.of("consumer group referral-service: the restarted instance holds partitions again"), failures(run.check()));
    }

    @Test
    void replicasLeftOutOfSyncFail() {
        Run run = new Run();
        run.faults.set(0, broker(new Ledger.Window("kafka-2", 50, 2, 0, 0), new ClusterChecks.Resync(4, Double.NaN, 0)));
        assertEquals(List.of("every replica in sync again (the returned broker caught up)"), failures(run.check()));
    }

    @Test
    void patrolStreamsEndedButNotReopenedFailAndNoneEndedIsOnlyAWarning() {
        Run run = new Run();
        run.faults.set(3, instance("patrol-service-1", List.of(), 2, 1, null, READY_THROUGHOUT));
        assertEquals(List.of("patrol streams that were reading from it: ended / opened again"), failures(run.check()));
        run.faults.set(3, instance("patrol-service-1", List.of(), 0, 0, null, READY_THROUGHOUT));
        List<Check> checks = run.check();
        assertEquals(List.of(), failures(checks));
        assertTrue(checks.stream().anyMatch(c -> c.status() == Check.Status.WARN && c.name().contains("patrol streams")));
    }

    @Test
    void aPatrolViewThatRepeatedAChangeFailsAndOneThatMissedAChangeIsShown() {
        Run run = new Run();
        run.patrols.set(0, patrol(1, Map.of("r1", "HELD", "r2", "HELD")));
        List<Check> checks = run.check();
        assertEquals(List.of("changes delivered twice (duplicates)"), failures(checks));
        // Missed: a warning (the stream has no ids to resume from yet), with the referral named.
        assertTrue(checks.stream().anyMatch(c -> c.status() == Check.Status.WARN && c.name().contains("(missed)") && c.figure().equals("1")));
        assertTrue(checks.stream().anyMatch(c -> c.figure().startsWith("r2: shown HELD") && c.figure().endsWith("stored ARRIVED")));
        // A referral the view never showed at all is missed too.
        run.patrols.set(0, patrol(0, Map.of("r1", "HELD")));
        assertEquals(List.of("r2: shown never, stored ARRIVED"), run.patrols.get(0).missedExamples());
    }

    @Test
    void aPatrolViewResumedFromEventIdsThatMissedAChangeFails() {
        Run run = new Run();
        run.patrols.set(0, patrol(0, true, Map.of("r1", "HELD", "r2", "HELD")));
        assertEquals(List.of("referrals of the run its view (stream resumed from its ids) shows otherwise than patrol-service (missed)"),
                failures(run.check()));
        run.patrols.set(0, patrol(0, true, Map.of("r1", "HELD", "r2", "ARRIVED")));
        assertEquals(List.of(), failures(run.check()));
    }

    @Test
    void aGatewayStreamBehindTheDatabaseFails() {
        Run run = new Run();
        run.views.put("gateway-2", Map.of("f1", 7L, "f2", 2L));
        assertEquals(List.of("gateway-2's capacity stream: facilities whose last change it never received"), failures(run.check()));
    }
}
