package org.relais.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import org.relais.bench.capacity.BenchFacilities;
import org.relais.bench.http.Http;
import org.relais.bench.http.JsonFields;
import org.relais.bench.http.Tokens;
import org.relais.bench.load.OpenLoop;
import org.relais.bench.referral.ReferralBench;

/**
 * Steady mixed load through the gateway while faults are injected: operators' availability updates,
 * patrols' referrals (replayed with the same Idempotency-Key when no answer came, as the patrol page does),
 * and facilities acting on held places (arrival, decline) or patrols cancelling. Every 2xx goes into the
 * {@link Ledger}; overbooking is sampled all along.
 */
final class ChaosLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 20;

    private final Http http;
    private final Tokens tokens;
    private final String gateway;
    private final Ledger ledger;
    private final Databases databases;
    private final BenchFacilities operated;
    private final BenchFacilities referred;
    private final String referralArrondissement;
    private final List<String> patrols;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong inFlight = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "chaos-load");
        t.setDaemon(true);
        return t;
    });
    /** Referrals acknowledged and not yet final, with what the load did about them. */
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong serviceOverbooked = new AtomicLong();
    final AtomicLong gatewayOverbooked = new AtomicLong();
    final AtomicLong negativeFree = new AtomicLong();
    final AtomicLong sampleErrors = new AtomicLong();
    /** What happened when, for the timeline file: overbooked samples here, faults from {@link ChaosRun}. */
    final Timeline timeline;
    private Thread updates;
    private Thread referrals;
    private Thread delayed;
    /** Facilities (with versions) over their count at the previous sample. */
    private Set<String> previouslyOver = Set.of();

    private static final class Tracked {
        final String patrol;
        volatile boolean acted;
        volatile long nextCheckNanos;

        Tracked(String patrol) {
            this.patrol = patrol;
        }
    }

    ChaosLoad(Http http, Tokens tokens, String gateway, Ledger ledger, Databases databases, BenchFacilities operated, BenchFacilities referred,
            String referralArrondissement, List<String> patrols, long seed, Timeline timeline) {
        this.timeline = timeline;
        this.http = http;
        this.tokens = tokens;
        this.gateway = gateway;
        this.ledger = ledger;
        this.databases = databases;
        this.operated = operated;
        this.referred = referred;
        this.referralArrondissement = referralArrondissement;
        this.patrols = patrols;
        this.random = new Random(seed);
    }

    /**
     * {@code delayedRate}: reports per second sent to referral facilities with an {@code asOf} 30-90 s in the past, as a
     * phone's offline queue delivers them; {@code lowerEverySeconds}: how often an operator reports fewer free places
     * than the facility has HELD (people walked in), which must withdraw the excess holds.
     */
    void start(double updateRate, double referralRate, double delayedRate, int lowerEverySeconds) {
        updates = new Thread(() -> new OpenLoop().run(updateRate, Duration.ofHours(1), intended -> update(), () -> !running.get()), "chaos-updates");
        referrals = new Thread(() -> new OpenLoop().run(referralRate, Duration.ofHours(1), intended -> refer(), () -> !running.get()), "chaos-referrals");
        delayed = new Thread(() -> new OpenLoop().run(delayedRate, Duration.ofHours(1), intended -> delayedReport(), () -> !running.get()),
                "chaos-delayed-reports");
        updates.start();
        referrals.start();
        delayed.start();
        scheduler.scheduleWithFixedDelay(this::follow, 500, 250, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sample, 250, 500, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::lowerUnderHolds, lowerEverySeconds, lowerEverySeconds, TimeUnit.SECONDS);
    }

    /** Stops sending, then waits for answers and pending replays (bounded). */
    void stop() throws InterruptedException {
        running.set(false);
        updates.join(5_000);
        referrals.join(5_000);
        delayed.join(5_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    private synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private void update() {
        int index = nextInt(operated.size());
        String facility = operated.id(index);
        int free = nextInt(BenchFacilities.TOTAL_PLACES + 1);
        ledger.attempts.incrementAndGet();
        inFlight.incrementAndGet();
        http.put(gateway + "/api/facilities/" + facility + "/availability", "{\"free\":" + free + "}", operated.operator(index))
                .whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            if (answeredOk(r)) {
                ledger.put(facility, r.status(), r.body(), free);
            } else {
                count("PUT availability", r);
            }
        });
    }

    /** A report of a referral facility that waited 30-90 s in an operator's offline queue. */
    private void delayedReport() {
        int index = nextInt(referred.size());
        String facility = referred.id(index);
        int free = 1 + nextInt(8);
        String asOf = Instant.now().minusSeconds(30 + nextInt(61)).toString();
        ledger.delayedReports.incrementAndGet();
        ledger.attempts.incrementAndGet();
        inFlight.incrementAndGet();
        http.put(gateway + "/api/facilities/" + facility + "/availability", "{\"free\":" + free + ",\"asOf\":\"" + asOf + "\"}",
                referred.operator(index)).whenComplete((r, e) -> {
                    inFlight.decrementAndGet();
                    if (answeredOk(r)) {
                        ledger.delayedAccepted.incrementAndGet();
                        ledger.put(facility, r.status(), r.body(), free);
                    } else if (r != null && r.status() == 409) {
                        ledger.delayedRefused.incrementAndGet(); // out of date: the expected answer
                    } else {
                        count("PUT availability, late", r);
                    }
                });
    }

    /** People walked in: the operator reports fewer free places than the facility has HELD for patrols. */
    private void lowerUnderHolds() {
        try {
            Map<String, Long> held = databases.heldByFacility(referred.ids());
            held.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue()).ifPresent(e -> {
                Integer index = referred.indexOf(e.getKey());
                int free = (int) Math.max(0, e.getValue() - 1 - nextInt(2));
                ledger.attempts.incrementAndGet();
                inFlight.incrementAndGet();
                timeline.note("operator of " + e.getKey() + " reports free " + free + " under " + e.getValue() + " HELD");
                http.put(gateway + "/api/facilities/" + e.getKey() + "/availability", "{\"free\":" + free + "}", referred.operator(index))
                        .whenComplete((r, failure) -> {
                            inFlight.decrementAndGet();
                            if (answeredOk(r)) {
                                ledger.lowered.incrementAndGet();
                                ledger.put(e.getKey(), r.status(), r.body(), free);
                            } else {
                                count("PUT availability, lowered", r);
                            }
                        });
            });
        } catch (Exception e) {
            // PostgreSQL is away right now: an operator would try again later too.
        }
    }

    private void refer() {
        String key = UUID.randomUUID().toString();
        String patrol = patrols.get(nextInt(patrols.size()));
        String body = ReferralBench.referralJson(patrol, referralArrondissement, "chaos" + UUID.randomUUID().toString().substring(0, 12));
        inFlight.incrementAndGet();
        postReferral(key, patrol, body, 1);
    }

    private void postReferral(String key, String patrol, String body, int attempt) {
        ledger.attempts.incrementAndGet();
        http.send(HttpMethod.POST, gateway + "/api/referrals", body, ReferralBench.withKey(tokens.patrol(patrol), key)).whenComplete((r, e) -> {
            String id = answeredOk(r) ? JsonFields.get(r.body(), "id") : null;
            if (id != null) {
                ledger.referral(key, id, patrol);
                tracked.put(id, new Tracked(patrol));
                inFlight.decrementAndGet();
                return;
            }
            count("POST referral", r);
            boolean retry = r == null || r.status() == 0 || r.status() >= 500;
            if (retry && attempt < MAX_ATTEMPTS) {
                // Replay with the same key, as a patrol's phone does after a network loss.
                scheduler.schedule(() -> postReferral(key, patrol, body, attempt + 1), 1, TimeUnit.SECONDS);
            } else {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Looks at a few due referrals; acts once on each HELD one. Never throws: that would end the schedule. */
    private void follow() {
        try {
            followDue();
        } catch (RuntimeException e) {
            ChaosRun.log("follower: " + e);
        }
    }

    private void followDue() {
        long now = System.nanoTime();
        int budget = 6;
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            Tracked t = e.getValue();
            if (t.nextCheckNanos > now || budget-- == 0) {
                continue;
            }
            t.nextCheckNanos = now + TimeUnit.MILLISECONDS.toNanos(1_000);
            String id = e.getKey();
            http.get(gateway + "/api/referrals/" + id, tokens.patrol(t.patrol)).thenAccept(r -> {
                if (!r.ok()) {
                    return;
                }
                String status = JsonFields.get(r.body(), "status");
                if (status == null) {
                    return;
                }
                switch (status) {
                    case "HELD" -> {
                        if (!t.acted) {
                            t.acted = true;
                            act(id, JsonFields.get(r.body(), "facilityId"), t);
                        }
                    }
                    case "WAITLISTED" -> {
                        if (nextInt(10) == 0 && !t.acted) {
                            t.acted = true;
                            cancel(id, t);
                        }
                    }
                    case "REQUESTED" -> {
                    }
                    default -> tracked.remove(id);
                }
            });
        }
    }

    private void act(String id, String facility, Tracked t) {
        int choice = nextInt(100);
        if (choice < 50) {
            call("POST arrival", gateway + "/api/referrals/" + id + "/arrival", "{\"facilityId\":\"" + facility + "\"}", operatorOf(facility), t,
                    () -> ledger.arrival(id, facility));
        } else if (choice < 65) {
            call("POST decline", gateway + "/api/referrals/" + id + "/decline", "{\"reason\":\"OTHER\"}", operatorOf(facility), t,
                    () -> ledger.decline(id));
        } else if (choice < 80) {
            cancel(id, t);
        } else {
            tracked.remove(id); // left HELD on purpose: a legitimate non-final state
        }
    }

    private void cancel(String id, Tracked t) {
        call("POST cancel", gateway + "/api/referrals/" + id + "/cancel", "{}", tokens.patrol(t.patrol), t, () -> ledger.cancel(id));
    }

    private Map<String, String> operatorOf(String facility) {
        Integer index = facility == null ? null : referred.indexOf(facility);
        return index == null ? Map.of() : referred.operator(index);
    }

    private void call(String what, String url, String body, Map<String, String> auth, Tracked t, Runnable onAck) {
        ledger.attempts.incrementAndGet();
        inFlight.incrementAndGet();
        http.post(url, body, auth).whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            if (answeredOk(r)) {
                onAck.run();
            } else {
                count(what, r);
                if (r == null || r.status() == 0 || r.status() >= 500) {
                    t.acted = false; // no answer: look again, maybe act again
                }
            }
        });
    }

    /** A write's answer: counted in the ledger's open window (a broker down), and whether it was a 2xx. */
    private boolean answeredOk(Http.Response r) {
        ledger.answered(r == null ? 0 : r.status());
        return r != null && r.ok();
    }

    private void count(String what, Http.Response r) {
        if (r == null || r.status() == 0) {
            ledger.unanswered.incrementAndGet();
        } else {
            ledger.refused(what, r.status());
        }
    }

    private void sample() {
        try {
            Databases.Overbooking now = databases.overbooked(referred.ids());
            // Over its count at two samples in a row with the same versions: not the moment between a lowered count
            // and the withdrawal of its excess holds, but a patrol left holding a place that is not there.
            Set<String> lasting = new HashSet<>(now.over());
            lasting.retainAll(previouslyOver);
            previouslyOver = now.over();
            serviceOverbooked.addAndGet(lasting.size());
            if (!now.over().isEmpty()) {
                timeline.note("referral-service: more HELD than free at " + now.over() + (lasting.isEmpty() ? " (new)" : ", lasting: " + lasting));
            }
            negativeFree.addAndGet(now.negativeFree());
            Http.Response r = http.get(gateway + "/api/capacity?arrondissement=" + referralArrondissement, tokens.coordinator("chaos-sampler"))
                    .get(5, TimeUnit.SECONDS);
            if (r.ok()) {
                for (JsonNode f : JSON.readTree(r.body()).path("facilities")) {
                    if (referred.indexOf(f.path("id").asText()) != null) {
                        if (f.path("held").asLong() > f.path("free").asLong()) {
                            gatewayOverbooked.incrementAndGet();
                            timeline.note("gateway view: " + f.path("id").asText() + " held " + f.path("held").asLong() + " > free "
                                    + f.path("free").asLong());
                        }
                        if (f.path("free").asLong() < 0) {
                            negativeFree.incrementAndGet();
                        }
                    }
                }
            }
            samples.incrementAndGet();
        } catch (Exception e) {
            // PostgreSQL or the gateway is down right now: that sample is skipped, not counted.
            sampleErrors.incrementAndGet();
        }
    }
}
