package org.relais.bench.referral;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import org.relais.bench.capacity.BenchFacilities;
import org.relais.bench.http.Http;
import org.relais.bench.http.JsonFields;
import org.relais.bench.http.SseStream;
import org.relais.bench.http.Tokens;
import org.relais.bench.load.Latency;
import org.relais.bench.load.OpenLoop;

/**
 * Patrols requesting places at a fixed rate through the gateway, against a bench arrondissement with a
 * limited number of free places: latency from the POST's intended time to HELD or WAITLISTED on the
 * patrol's stream, and, sampled all along from /api/capacity, that no facility ever shows more held places
 * than free ones. Every referral it made is cancelled at the end so no waitlist outlives the run.
 */
public final class ReferralBench {

    public static final String KIND = "EMERGENCY_SHELTER";
    /** Members per patrol team sending requests, so that no one subject exceeds the gateway's rate limit. */
    private static final int TEAM_MEMBERS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final Tokens tokens;
    private final String gateway;
    private final String arrondissement;
    private final String prefix;

    public ReferralBench(Http http, Tokens tokens, String gateway, String arrondissement, String prefix) {
        this.http = http;
        this.tokens = tokens;
        this.gateway = gateway;
        this.arrondissement = arrondissement;
        this.prefix = prefix;
    }

    /** A referral the bench sent: intended time, id once answered, outcome once streamed. */
    private static final class Sent {
        final long intendedNanos;
        final String patrol;
        volatile String id;
        volatile String outcome;

        Sent(long intendedNanos, String patrol) {
            this.intendedNanos = intendedNanos;
            this.patrol = patrol;
        }
    }

    public ReferralResult run(double rate, Duration duration, int facilityCount, int places) throws Exception {
        BenchFacilities facilities = BenchFacilities.ensure(http, tokens, gateway, prefix, Integer.parseInt(arrondissement), 1,
                facilityCount, KIND, 8);
        Housekeeping housekeeping = new Housekeeping(http, tokens, gateway);
        List<String> patrols = housekeeping.patrols();
        if (patrols.isEmpty()) {
            throw new IllegalStateException("no patrol registered (GET /api/patrols is empty)");
        }
        housekeeping.cancel(housekeeping.leftovers(patrols, arrondissement, facilities.ids()));
        setFree(facilities, places);

        Latency post = new Latency("referrals: POST answered (from intended send)");
        Latency outcome = new Latency("referrals: POST -> HELD/WAITLISTED on patrol stream");
        Map<String, Sent> byId = new ConcurrentHashMap<>();
        Map<String, Long> earlyOutcomes = new ConcurrentHashMap<>();
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        Map<String, String> latest = new ConcurrentHashMap<>();
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        List<SseStream> streams = new ArrayList<>();
        for (String patrol : patrols) {
            streams.add(http.stream(gateway + "/api/patrols/" + patrol + "/referrals/stream", tokens.patrol(patrol), new SseStream.Listener() {
                @Override
                public void onEvent(String type, String data) {
                    if (!"referral".equals(type)) {
                        return;
                    }
                    String status = JsonFields.get(data, "status");
                    String id = JsonFields.get(data, "id");
                    if (id != null && status != null && !status.equals(latest.put(id, status))) {
                        lastChange.set(System.nanoTime());
                    }
                    if (id == null || !("HELD".equals(status) || "WAITLISTED".equals(status))) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (outcomes.putIfAbsent(id, status) != null) {
                        return;
                    }
                    Sent s = byId.get(id);
                    if (s == null) {
                        earlyOutcomes.put(id, now);
                    } else {
                        s.outcome = status;
                        outcome.recordNanos(now - s.intendedNanos);
                    }
                }
            }).get(30, TimeUnit.SECONDS));
        }

        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong samples = new AtomicLong();
        AtomicLong overbooked = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                overbooked.addAndGet(overbookedFacilities(facilities));
                samples.incrementAndGet();
                sleep(200);
            }
        }, "overbooking-sampler");
        sampler.start();

        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long[] n = {0};
        long start = System.nanoTime();
        new OpenLoop().run(rate, duration, intended -> {
            // Requests go round the patrols and, within a team, round its members (each their own token
            // subject), as many people send them: the gateway's rate limit is per subject.
            String patrol = patrols.get((int) (n[0] % patrols.size()));
            int member = (int) (n[0]++ / patrols.size() % TEAM_MEMBERS);
            Sent s = new Sent(intended, patrol);
            String body = referralJson(patrol, arrondissement, "bench" + UUID.randomUUID().toString().substring(0, 12));
            pending.add(http.send(HttpMethod.POST, gateway + "/api/referrals", body, withKey(tokens.patrol(patrol, member), UUID.randomUUID().toString()))
                    .thenAccept(r -> {
                        long now = System.nanoTime();
                        post.recordNanos(now - s.intendedNanos);
                        String id = r.ok() ? JsonFields.get(r.body(), "id") : null;
                        if (id == null) {
                            (r.status() == 0 ? failed : rejected).incrementAndGet();
                            errors.computeIfAbsent(r.status() == 0 ? String.valueOf(r.error()) : "HTTP " + r.status(), k -> new AtomicLong()).incrementAndGet();
                            return;
                        }
                        accepted.incrementAndGet();
                        s.id = id;
                        byId.put(id, s);
                        Long early = earlyOutcomes.remove(id);
                        if (early != null) {
                            s.outcome = outcomes.get(id);
                            outcome.recordNanos(early - s.intendedNanos);
                        }
                    }));
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && byId.values().stream().anyMatch(s -> s.outcome == null)) {
            Thread.sleep(50);
        }
        // Waitlisted referrals may still be matched as the places' counts settle: wait until nothing moves.
        long settleStart = System.nanoTime();
        long settleDeadline = settleStart + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < settleDeadline && System.nanoTime() - lastChange.get() < TimeUnit.SECONDS.toNanos(2)) {
            Thread.sleep(100);
        }
        double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
        sampling.set(false);
        sampler.join();
        long holdsAboveFree = finalHoldsAboveFree(facilities);
        long held = byId.values().stream().filter(s -> "HELD".equals(s.outcome)).count();
        long waitlisted = byId.values().stream().filter(s -> "WAITLISTED".equals(s.outcome)).count();
        long none = byId.values().stream().filter(s -> s.outcome == null).count();
        long heldAtEnd = byId.keySet().stream().filter(id -> "HELD".equals(latest.get(id))).count();
        streams.forEach(SseStream::close);
        Map<String, String> patrolOf = new java.util.HashMap<>();
        byId.forEach((id, s) -> patrolOf.put(id, s.patrol));
        housekeeping.cancel(patrolOf);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.get()));
        return new ReferralResult(rate, seconds, places, n[0], accepted.get(), rejected.get(), failed.get(), held, waitlisted, heldAtEnd, settleSeconds, none,
                samples.get(), overbooked.get(), holdsAboveFree, post, outcome, errorCounts);
    }

    /** The patrol's Authorization header plus an Idempotency-Key. */
    public static Map<String, String> withKey(Map<String, String> auth, String idempotencyKey) {
        Map<String, String> headers = new java.util.HashMap<>(auth);
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    public static String referralJson(String patrol, String arrondissement, String personCode) {
        return "{\"patrolId\":\"" + patrol + "\",\"personCode\":\"" + personCode + "\",\"arrondissement\":\"" + arrondissement
                + "\",\"needs\":{\"couple\":false,\"pet\":false,\"wheelchair\":false,\"activeUse\":false},"
                + "\"kinds\":[\"" + KIND + "\"],\"urgency\":1}";
    }

    private void setFree(BenchFacilities facilities, int places) throws Exception {
        int per = places / facilities.size();
        int extra = places % facilities.size();
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Http.Response>> pending = new ArrayList<>();
        for (int i = 0; i < facilities.size(); i++) {
            int free = per + (i < extra ? 1 : 0);
            ids.add(facilities.id(i));
            pending.add(http.put(gateway + "/api/facilities/" + facilities.id(i) + "/availability",
                    "{\"free\":" + free + ",\"total\":" + BenchFacilities.TOTAL_PLACES + "}", facilities.operator(i)));
        }
        // An earlier run with more facilities left places in this arrondissement: none of them may take this run's
        // requests, or more than the run's places would be held.
        List<String> others = othersInArrondissement(facilities);
        Map<String, String> othersOperator = tokens.operator(prefix + "-operator-others", others);
        for (String other : others) {
            ids.add(other);
            pending.add(http.put(gateway + "/api/facilities/" + other + "/availability",
                    "{\"free\":0,\"total\":" + BenchFacilities.TOTAL_PLACES + "}", othersOperator));
        }
        for (int i = 0; i < pending.size(); i++) {
            Http.Response r = pending.get(i).join();
            if (!r.ok()) {
                throw new IllegalStateException("could not set free places of " + ids.get(i) + ": "
                        + (r.status() == 0 ? r.error() : r.status() + " " + r.body()));
            }
        }
        // Let the places reach referral-service's own view before the first request.
        sleep(1_000);
    }

    /** This bench's facilities in its arrondissement that this run does not drive (registered by a larger run). */
    private List<String> othersInArrondissement(BenchFacilities facilities) throws Exception {
        Http.Response r = http.get(gateway + "/api/capacity?arrondissement=" + arrondissement, tokens.coordinator("bench-sampler"))
                .get(10, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException("could not read the capacity of bench arrondissement " + arrondissement + ": " + r.status());
        }
        List<String> others = new ArrayList<>();
        for (JsonNode f : JSON.readTree(r.body()).path("facilities")) {
            String id = f.path("id").asText();
            if (id.startsWith(prefix + "-") && facilities.indexOf(id) == null && f.path("free").asLong() != 0) {
                others.add(id);
            }
        }
        return others;
    }

    /** Facilities of the bench arrondissement that the gateway shows with held > free or free < 0. */
    private long overbookedFacilities(BenchFacilities facilities) {
        try {
            Http.Response r = http.get(gateway + "/api/capacity?arrondissement=" + arrondissement, tokens.coordinator("bench-sampler"))
                    .get(10, TimeUnit.SECONDS);
            if (!r.ok()) {
                return 0;
            }
            long bad = 0;
            for (JsonNode f : JSON.readTree(r.body()).path("facilities")) {
                if (facilities.indexOf(f.path("id").asText()) == null) {
                    continue;
                }
                if (f.path("held").asLong() > f.path("free").asLong() || f.path("free").asLong() < 0) {
                    bad++;
                }
            }
            return bad;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Active holds (referral-service) above the free places (gateway) per facility, after the run. */
    private long finalHoldsAboveFree(BenchFacilities facilities) throws Exception {
        Http.Response capacity = http.get(gateway + "/api/capacity?arrondissement=" + arrondissement, tokens.coordinator("bench-sampler"))
                .get(10, TimeUnit.SECONDS);
        Map<String, Long> free = new TreeMap<>();
        for (JsonNode f : JSON.readTree(capacity.body()).path("facilities")) {
            free.put(f.path("id").asText(), f.path("free").asLong());
        }
        long above = 0;
        for (String facility : facilities.ids()) {
            Http.Response holds = http.get(gateway + "/api/holds?facilityId=" + facility, tokens.coordinator("bench-sampler"))
                    .get(10, TimeUnit.SECONDS);
            if (holds.ok() && JSON.readTree(holds.body()).size() > free.getOrDefault(facility, 0L)) {
                above++;
            }
        }
        return above;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
