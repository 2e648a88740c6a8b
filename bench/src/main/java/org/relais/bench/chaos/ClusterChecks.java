package org.relais.bench.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The invariants a cluster adds to those of {@link InvariantChecker}: writes accepted while a broker is down, the
 * surviving gateway's stream readers fed throughout, a patrol's stream whole across the loss of the instance it read
 * from, and every killed part back with its share (consumers holding partitions again, replicas in sync). Pure, like
 * {@link InvariantChecker}: the run measures, this judges.
 */
public final class ClusterChecks {

    private ClusterChecks() {
    }

    /** Changes one capacity stream received, and times it ended, during one fault. */
    public record StreamActivity(String instance, long changes, long closures) {
    }

    /**
     * A consumer group's members (member id -> partitions held) before a kill and once the instance is back:
     * members gone are the killed instance's; new members holding partitions are the restarted instance's.
     */
    public record Rejoin(String group, Map<String, Integer> before, Map<String, Integer> after, double seconds) {

        public long gone() {
            return before.keySet().stream().filter(m -> !after.containsKey(m)).count();
        }

        public long joinedWithPartitions() {
            return after.entrySet().stream().filter(e -> !before.containsKey(e.getKey()) && e.getValue() > 0).count();
        }

        /** The restarted instance holds partitions with as many consumers as the killed one had. */
        public boolean back() {
            return gone() > 0 && joinedWithPartitions() >= gone();
        }

        public String figure() {
            return String.format(Locale.ROOT, "%d member(s) gone with the kill, %d new one(s) holding partitions%s", gone(),
                    joinedWithPartitions(), Double.isNaN(seconds) ? " (not within the wait)"
                            : String.format(Locale.ROOT, ", %.1f s after its return", seconds));
        }
    }

    /** Replicas out of sync once a broker is back ({@code seconds} until none, NaN: not within the wait), partitions it leads. */
    public record Resync(int underReplicated, double seconds, int ledByReturned) {
    }

    /** One fault of a cluster run, with what was measured around it. Fields that do not apply to its kind are null. */
    public record Fault(
            /** The launcher's name of what was killed: kafka-2, gateway-1, referral-service-2... */
            String process,
            Recovery recovery,
            /** Writes answered while the broker was down (broker faults). */
            Ledger.Window writes,
            /** The capacity streams of the gateway instances not killed, during the fault. */
            List<StreamActivity> survivingStreams,
            /** Patrol streams that ended during the fault, and how many were opened again (patrol-service faults). */
            long patrolStreamsEnded,
            long patrolStreamsReopened,
            /** The consumer group of the killed instance's service (services with one). */
            Rejoin rejoin,
            /** Replicas back in sync (broker faults). */
            Resync resync) {

        boolean broker() {
            return process.startsWith("kafka-");
        }
    }

    /** What a patrol's view shows of one referral: its status and the time of the change that set it. */
    public record Shown(String status, Instant updatedAt) {
    }

    /**
     * A patrol's stream at the end: the view it built, the duplicates it got, and what patrol-service holds. {@code ids}:
     * the stream sent event ids, so its view was kept by resuming from them.
     */
    public record PatrolStream(String patrol, long events, long duplicates, long ended, long sentLastEventId, boolean ids,
            Map<String, Shown> view, Map<String, String> stored) {

        /** This run's referrals of the patrol whose status the view does not show as patrol-service stores it. */
        public long missed() {
            return missedOnes().size();
        }

        /** The first few of them, as "id: shown X (change of T), stored Y". */
        public List<String> missedExamples() {
            return missedOnes().stream().limit(3).map(id -> {
                Shown s = view.get(id);
                return id + ": shown " + (s == null ? "never" : s.status() + " (change of " + s.updatedAt() + ")") + ", stored "
                        + stored.get(id);
            }).toList();
        }

        private List<String> missedOnes() {
            return stored.entrySet().stream().filter(e -> {
                Shown s = view.get(e.getKey());
                return s == null || !s.status().equals(e.getValue());
            }).map(Map.Entry::getKey).sorted().toList();
        }
    }

    public static List<Check> check(List<Fault> faults, List<PatrolStream> patrolStreams, Map<String, Long> capacityVersions,
            Map<String, Map<String, Long>> streamViews) {
        List<Check> checks = new ArrayList<>();
        for (Fault f : faults) {
            Recovery r = f.recovery();
            String what = r.fault() + " (#" + r.round() + ")";
            if (r.error() != null) {
                continue; // InvariantChecker already fails it
            }
            checks.add(Check.info(what + ": the killed " + (f.broker() ? "broker" : "instance") + " ready again after its start",
                    String.format(Locale.ROOT, "%.1f s", r.restartSeconds())));
            List<String> unserved = r.sawNotReady().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
            checks.add(Check.ok("  the platform through the load balancer ready throughout",
                    (unserved.isEmpty() ? "yes" : "no: not ready at " + String.join(", ", unserved))
                            + String.format(Locale.ROOT, " (the slowest probe waited %.1f s)", r.slowestProbeSeconds()), unserved.isEmpty()));
            if (f.writes() != null) {
                Ledger.Window w = f.writes();
                checks.add(Check.ok("  writes while the broker was down: answered 5xx (none may be; some must be 2xx)",
                        String.format(Locale.ROOT, "%d (%d answered 2xx, %d refused as asked: a late report's 409, a referral already ended)",
                                w.serverErrors(), w.accepted(), w.refusedAsAsked()), w.serverErrors() == 0 && w.accepted() > 0));
                // A write's path has no broker in it (the outbox); one the tool stopped waiting for is shown, not failed: on a
                // shared 2-core machine that may be the machine.
                checks.add(Check.warn("    not answered within the tool's timeout", w.unanswered()));
            }
            for (StreamActivity s : f.survivingStreams()) {
                boolean fed = s.changes() > 0 && s.closures() == 0;
                checks.add(Check.ok("  " + s.instance() + "'s capacity stream fed throughout (changes received, never ended)",
                        s.changes() + " change(s), ended " + s.closures() + " time(s)", fed));
            }
            if (f.process().startsWith("patrol-service-")) {
                checks.add(new Check("  patrol streams that were reading from it: ended / opened again",
                        f.patrolStreamsEnded() + " / " + f.patrolStreamsReopened(), f.patrolStreamsEnded() == 0 ? Check.Status.WARN
                        : f.patrolStreamsReopened() >= f.patrolStreamsEnded() ? Check.Status.OK : Check.Status.FAIL));
            }
            if (f.rejoin() != null) {
                checks.add(Check.ok("  consumer group " + f.rejoin().group() + ": the restarted instance holds partitions again",
                        f.rejoin().figure(), f.rejoin().back()));
            }
            if (f.resync() != null) {
                Resync s = f.resync();
                checks.add(Check.ok("  every replica in sync again (the returned broker caught up)", s.underReplicated() == 0
                        ? String.format(Locale.ROOT, "%.1f s after its return; it leads %d partition(s)", s.seconds(), s.ledByReturned())
                        : s.underReplicated() + " partition(s) still under-replicated", s.underReplicated() == 0));
            }
        }
        for (Map.Entry<String, Map<String, Long>> e : streamViews.entrySet()) {
            long behind = capacityVersions.entrySet().stream()
                    .filter(v -> e.getValue().getOrDefault(v.getKey(), -1L) < v.getValue()).count();
            checks.add(Check.zero(e.getKey() + "'s capacity stream: facilities whose last change it never received", behind));
        }
        for (PatrolStream p : patrolStreams) {
            checks.add(Check.info("patrol " + p.patrol() + "'s stream: events / ended and opened again / Last-Event-ID sent",
                    p.events() + " / " + p.ended() + " / " + p.sentLastEventId()));
            checks.add(Check.zero("  changes delivered twice (duplicates)", p.duplicates()));
            // A stream with ids resumes from them: a change its view misses is a failure. Without ids (a patrol-service
            // older than the change numbers) it is only shown: the reload at each reconnect can miss a change the new
            // instance streamed before the reopened stream listened, while its durable consumer had not yet stored it.
            String missed = "  referrals of the run its view (stream" + (p.ids() ? " resumed from its ids" : " + reload on reconnect")
                    + ") shows otherwise than patrol-service (missed)";
            checks.add(p.ids() ? Check.zero(missed, p.missed()) : Check.warn(missed, p.missed()));
            p.missedExamples().forEach(example -> checks.add(Check.info("    e.g.", example)));
        }
        return checks;
    }
}
