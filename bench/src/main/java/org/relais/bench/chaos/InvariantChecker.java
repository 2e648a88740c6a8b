package org.relais.bench.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.relais.events.ReferralStatus;

/**
 * The chaos run's invariants, computed from what the load acknowledged ({@link Ledger}), what the databases
 * and the gateway show after quiescence ({@link Observed}), the overbooking samples and the recoveries.
 * Pure: no I/O, so it is unit-tested on fixed data.
 */
public final class InvariantChecker {

    /** Overbooking samples taken during the run. */
    public record Samples(long taken, long serviceOverbooked, long gatewayOverbooked, long negativeFree) {
    }

    private InvariantChecker() {
    }

    public static List<Check> check(Ledger ledger, Observed seen, Samples samples, List<Recovery> recoveries, boolean quiescent,
            double quiescenceSeconds) {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.ok("quiescent after the load stopped (outboxes empty, views caught up)",
                quiescent ? String.format(Locale.ROOT, "yes, after %.1f s", quiescenceSeconds)
                        : String.format(Locale.ROOT, "no, still moving after %.0f s (see timeline.txt); outbox rows %s", quiescenceSeconds,
                                seen.outbox()), quiescent));
        writesLost(ledger, seen, checks);
        referralsLostOrStuck(ledger, seen, checks);
        duplicates(ledger, seen, checks);
        lateReports(ledger, seen, checks);
        overbooking(ledger, seen, samples, checks);
        checks.add(seen.deadLettered() < 0 ? new Check("records sent to the dead-letter topic during the run", "could not be read", Check.Status.WARN)
                : Check.zero("records sent to the dead-letter topic during the run (only poison may be; the load sends none)",
                        seen.deadLettered()));
        readiness(recoveries, checks);
        return checks;
    }

    private static void writesLost(Ledger ledger, Observed seen, List<Check> checks) {
        List<Ledger.Put> puts = ledger.puts();
        Map<String, Map<Long, Integer>> history = new HashMap<>();
        for (Observed.History h : seen.history()) {
            history.computeIfAbsent(h.facilityId(), k -> new HashMap<>()).put(h.version(), h.free());
        }
        long missing = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Long> maxAcked = new HashMap<>();
        for (Ledger.Put p : puts) {
            Map<Long, Integer> versions = history.getOrDefault(p.facilityId(), Map.of());
            Integer free = versions.get(p.version());
            if (free == null || free != p.free()) {
                missing++;
                if (examples.size() < 3) {
                    examples.add(String.format(Locale.ROOT, "%s v%d free %d answered %s: history has %s (versions %s)",
                            p.facilityId(), p.version(), p.free(), p.answeredAt(),
                            free == null ? "no such version" : "free " + free, new TreeSet<>(versions.keySet())));
                }
            }
            maxAcked.merge(p.facilityId(), p.version(), Math::max);
        }
        checks.add(Check.info("availability updates acknowledged (2xx)", puts.size()));
        checks.add(Check.zero("  of which missing from capacity-service's history (lost)", missing));
        examples.forEach(example -> checks.add(Check.info("    e.g.", example)));
        List<Ledger.Unreadable> unreadable = ledger.unreadable();
        if (!unreadable.isEmpty()) {
            // No version to look up: the update must at least be in the history with its value.
            long notFound = unreadable.stream().filter(u -> !history.getOrDefault(u.facilityId(), Map.of())
                    .containsValue(u.free())).count();
            checks.add(Check.warn("  answered 2xx without a version in the body (checked by value)", unreadable.size()));
            checks.add(Check.zero("    of which no history entry has that value (lost)", notFound));
            Ledger.Unreadable first = unreadable.get(0);
            checks.add(Check.info("    e.g.", first.facilityId() + " free " + first.free() + " answered " + first.status() + " at "
                    + first.answeredAt() + ": [" + first.answer() + "]"));
        }
        long notInGateway = 0;
        for (Map.Entry<String, Long> e : maxAcked.entrySet()) {
            Observed.GatewayFacility g = seen.gateway().get(e.getKey());
            if (g == null || g.version() < e.getValue()) {
                notInGateway++;
            }
        }
        checks.add(Check.zero("  facilities whose gateway view misses an acknowledged update", notInGateway));
        long differs = 0;
        for (Map.Entry<String, Observed.Count> e : seen.capacity().entrySet()) {
            Observed.GatewayFacility g = seen.gateway().get(e.getKey());
            if (g == null || g.version() != e.getValue().version() || g.free() != e.getValue().free()) {
                differs++;
            }
        }
        checks.add(Check.zero("facilities where the gateway's view differs from capacity-service", differs));
        long referralViewDiffers = 0;
        for (Map.Entry<String, Observed.Count> e : seen.capacity().entrySet()) {
            Observed.ReferralFacility r = seen.referralFacilities().get(e.getKey());
            if (r != null && (r.version() != e.getValue().version() || r.free() != e.getValue().free())) {
                referralViewDiffers++;
            }
        }
        checks.add(Check.zero("facilities where referral-service's view differs from capacity-service", referralViewDiffers));
    }

    private static void referralsLostOrStuck(Ledger ledger, Observed seen, List<Check> checks) {
        Map<String, String> referrals = ledger.referrals();
        long notInPatrol = 0;
        long notInReferral = 0;
        long notInGateway = 0;
        long stuck = 0;
        long disagree = 0;
        for (String id : referrals.values()) {
            Observed.PatrolReferral p = seen.patrol().get(id);
            Observed.ServiceReferral r = seen.referral().get(id);
            if (p == null) {
                notInPatrol++;
            }
            if (r == null) {
                notInReferral++;
            }
            if (!seen.gatewayReferrals().containsKey(id)) {
                notInGateway++;
            }
            if ((p != null && "REQUESTED".equals(p.status())) || (r != null && "REQUESTED".equals(r.status()))
                    || (r != null && "HELD".equals(r.status()) && r.holdExpired())) {
                stuck++;
            }
            if (p != null && r != null && !p.status().equals(r.status())) {
                disagree++;
            }
        }
        checks.add(Check.info("referrals acknowledged (2xx)", referrals.size()));
        checks.add(Check.zero("  missing from patrol-service (lost)", notInPatrol));
        checks.add(Check.zero("  never reached referral-service (lost)", notInReferral));
        checks.add(Check.zero("  not answered by GET /api/referrals/{id} through the gateway", notInGateway));
        checks.add(Check.zero("  stuck (REQUESTED, or HELD past its expiry)", stuck));
        checks.add(Check.zero("  status differs between patrol-service and referral-service", disagree));
        checks.add(Check.zero("  WAITLISTED although a suitable place is offered", waitlistedWithPlace(referrals.values(), seen)));

        Map<String, String> arrivals = ledger.arrivals();
        Set<String> countedArrivals = new java.util.HashSet<>();
        for (Observed.History h : seen.history()) {
            if ("ARRIVAL".equals(h.causeType()) && h.causeReferralId() != null) {
                countedArrivals.add(h.causeReferralId());
            }
        }
        long notArrived = arrivals.keySet().stream().filter(id -> !statusIs(seen, id, "ARRIVED")).count();
        long notCounted = arrivals.keySet().stream().filter(id -> !countedArrivals.contains(id)).count();
        checks.add(Check.info("arrivals acknowledged (2xx)", arrivals.size()));
        checks.add(Check.zero("  not ARRIVED in referral-service (lost)", notArrived));
        checks.add(Check.zero("  not counted by capacity-service (free not lowered: lost)", notCounted));
        long declinesLost = ledger.declines().stream().filter(id -> !statusIs(seen, id, "DECLINED")).count();
        long cancelsLost = ledger.cancels().stream().filter(id -> {
            Observed.ServiceReferral r = seen.referral().get(id);
            return r == null || !ReferralStatus.valueOf(r.status()).isFinal();
        }).count();
        checks.add(Check.info("declines / cancellations acknowledged (2xx)", ledger.declines().size() + " / " + ledger.cancels().size()));
        checks.add(Check.zero("  not applied (lost)", declinesLost + cancelsLost));
    }

    /**
     * WAITLISTED referrals while a facility of their arrondissement and of a kind they accept offers a place
     * (free - held > 0) after quiescence: the waitlist should have taken it. Chaos facilities accept every need
     * and are always open, so arrondissement and kind decide.
     */
    private static long waitlistedWithPlace(Iterable<String> ids, Observed seen) {
        long count = 0;
        for (String id : ids) {
            Observed.ServiceReferral r = seen.referral().get(id);
            if (r == null || !"WAITLISTED".equals(r.status())) {
                continue;
            }
            boolean placeOffered = seen.referralFacilities().values().stream().anyMatch(f -> f.offered() > 0
                    && f.arrondissement().equals(r.arrondissement()) && r.kinds().contains(f.kind()));
            if (placeOffered) {
                count++;
            }
        }
        return count;
    }

    private static boolean statusIs(Observed seen, String id, String status) {
        Observed.ServiceReferral r = seen.referral().get(id);
        return r != null && status.equals(r.status());
    }

    private static void duplicates(Ledger ledger, Observed seen, List<Check> checks) {
        Map<String, Integer> arrivalRows = new HashMap<>();
        for (Observed.History h : seen.history()) {
            if ("ARRIVAL".equals(h.causeType()) && h.causeReferralId() != null) {
                arrivalRows.merge(h.causeReferralId(), 1, Integer::sum);
            }
        }
        long twice = arrivalRows.values().stream().filter(n -> n > 1).count();
        checks.add(Check.zero("arrivals applied twice by capacity-service (duplicates)", twice));
        long replays = ledger.conflictingReplays().size();
        for (Map.Entry<String, String> e : ledger.referrals().entrySet()) {
            Observed.PatrolReferral p = seen.patrol().get(e.getValue());
            if (p != null && !e.getKey().equals(p.idempotencyKey())) {
                replays++;
            }
        }
        checks.add(Check.zero("Idempotency-Key replays that made a second referral (duplicates)", replays));
        checks.add(Check.zero("referrals whose steps in referral-service do not form one chain (a step applied twice or lost)",
                seen.brokenChains()));
        long heldMismatch = seen.referralFacilities().values().stream().filter(f -> f.held() != f.countedHolds()).count();
        checks.add(Check.zero("facilities whose held counter differs from their counted holds", heldMismatch));
        checks.add(Check.zero("facilities whose free disagrees with their reports and arrivals (lost or double-counted)",
                countsThatDoNotAddUp(seen)));
    }

    /**
     * Replays each facility's history in version order: an arrival takes exactly one place from the count before it
     * (never below zero), a report sets the count; the current count is the last one recorded.
     */
    private static long countsThatDoNotAddUp(Observed seen) {
        long mismatches = 0;
        for (Map.Entry<String, List<Observed.History>> e : historyByFacility(seen).entrySet()) {
            Integer expected = null;
            boolean wrong = false;
            for (Observed.History h : e.getValue()) {
                if (h.arrival() && expected != null && h.free() != Math.max(0, expected - 1)) {
                    wrong = true;
                }
                expected = h.free();
            }
            Observed.Count now = seen.capacity().get(e.getKey());
            if (wrong || now == null || expected == null || now.free() != expected) {
                mismatches++;
            }
        }
        return mismatches;
    }

    /**
     * A report older than a change already recorded (an arrival, or a later report) must be refused: applied, it would
     * put back a place someone took. A report row is one that moves the report time; its time must not be before the
     * latest earlier change (a second's tolerance for the two clocks involved, the service's and the database's).
     */
    private static void lateReports(Ledger ledger, Observed seen, List<Check> checks) {
        long resurrected = 0;
        List<String> examples = new ArrayList<>();
        for (List<Observed.History> rows : historyByFacility(seen).values()) {
            Instant latestChange = null;
            Instant previousReport = null;
            for (Observed.History h : rows) {
                boolean report = !h.arrival() && h.reportedAt() != null && !h.reportedAt().equals(previousReport);
                if (report && latestChange != null && h.reportedAt().isBefore(latestChange.minusSeconds(1))) {
                    resurrected++;
                    if (examples.size() < 3) {
                        examples.add(h.facilityId() + " v" + h.version() + " reported as of " + h.reportedAt() + " after a change at " + latestChange);
                    }
                }
                Instant changedAt = h.arrival() ? h.recordedAt() : report ? h.reportedAt() : null;
                if (changedAt != null && (latestChange == null || changedAt.isAfter(latestChange))) {
                    latestChange = changedAt;
                }
                if (h.reportedAt() != null) {
                    previousReport = h.reportedAt();
                }
            }
        }
        checks.add(Check.info("reports sent late on purpose (offline queue): accepted / refused as out of date (409)",
                ledger.delayedReports.get() + ": " + ledger.delayedAccepted.get() + " / " + ledger.delayedRefused.get()));
        checks.add(Check.zero("  reports applied although older than a change already recorded (a place resurrected)", resurrected));
        examples.forEach(example -> checks.add(Check.info("    e.g.", example)));
    }

    private static Map<String, List<Observed.History>> historyByFacility(Observed seen) {
        Map<String, List<Observed.History>> byFacility = new TreeMap<>();
        for (Observed.History h : seen.history()) {
            byFacility.computeIfAbsent(h.facilityId(), k -> new ArrayList<>()).add(h);
        }
        byFacility.values().forEach(rows -> rows.sort(Comparator.comparingLong(Observed.History::version)));
        return byFacility;
    }

    private static void overbooking(Ledger ledger, Observed seen, Samples samples, List<Check> checks) {
        checks.add(Check.info("overbooking samples taken during the run", samples.taken()));
        checks.add(Check.zero("  samples with more HELD referrals than free places in referral-service (overbooking)",
                samples.serviceOverbooked()));
        checks.add(Check.zero("  samples with free < 0 anywhere", samples.negativeFree()));
        checks.add(Check.warn("  samples with held > free in the gateway's view (may be transient ordering)", samples.gatewayOverbooked()));
        long withdrawn = seen.transitions().entrySet().stream().filter(e -> e.getKey().startsWith("HELD->WAITLISTED")
                || e.getKey().startsWith("HELD->DECLINED:NO_PLACE")).mapToLong(Map.Entry::getValue).sum();
        checks.add(Check.info("counts reported below the active holds / holds withdrawn from those facilities",
                ledger.lowered.get() + " / " + withdrawn));
        long finalOver = seen.referralFacilities().values().stream()
                .filter(f -> f.held() > f.free() || f.heldReferrals() > f.free() || f.free() < 0).count();
        long finalGateway = seen.gateway().values().stream().filter(g -> g.held() > g.free() || g.free() < 0).count();
        checks.add(Check.zero("facilities with held > free after quiescence (referral-service + gateway)", finalOver + finalGateway));
    }

    private static void readiness(List<Recovery> recoveries, List<Check> checks) {
        for (Recovery r : recoveries) {
            String figure = r.error() != null ? "ERROR " + r.error()
                    : String.format(Locale.ROOT, "down %.1f s, back in %.1f s, all ready %s after (limit %.0f s)%s", r.downSeconds(),
                            r.restartSeconds(), Double.isNaN(r.readySeconds()) ? "NOT" : String.format(Locale.ROOT, "%.1f s", r.readySeconds()),
                            Recovery.LIMIT_SECONDS, notReadyNote(r));
            checks.add(Check.ok(String.format(Locale.ROOT, "ready again after %s (#%d)", r.fault(), r.round()), figure, r.readyInTime()));
            if (r.error() == null) {
                boolean healthy = !Double.isNaN(r.healthySeconds()) && r.healthySeconds() <= Recovery.LIMIT_SECONDS;
                checks.add(new Check("  every check UP again (Kafka channels included, not gating readiness)",
                        Double.isNaN(r.healthySeconds()) ? "NOT within 30 s of readiness" : String.format(Locale.ROOT,
                                "%.1f s after its return (limit %.0f s)", r.healthySeconds(), Recovery.LIMIT_SECONDS),
                        healthy ? Check.Status.OK : Check.Status.WARN));
                boolean consumed = !Double.isNaN(r.consumedSeconds()) && r.consumedSeconds() <= Recovery.CONSUMED_LIMIT_SECONDS;
                checks.add(new Check(String.format(Locale.ROOT, "  consumers caught up with what was produced before its return"),
                        Double.isNaN(r.consumedSeconds()) ? "NOT within the wait (60 s, quick cluster run 20 s)" : String.format(Locale.ROOT, "%.1f s (limit %.0f s)",
                                r.consumedSeconds(), Recovery.CONSUMED_LIMIT_SECONDS), consumed ? Check.Status.OK : Check.Status.WARN));
            }
        }
    }

    private static String notReadyNote(Recovery r) {
        List<String> down = new ArrayList<>();
        r.sawNotReady().forEach((service, saw) -> {
            if (saw) {
                down.add(service);
            }
        });
        return down.isEmpty() ? "" : "; not ready meanwhile: " + String.join(", ", down);
    }
}
