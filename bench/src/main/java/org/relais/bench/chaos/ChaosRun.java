package org.relais.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.relais.bench.capacity.BenchFacilities;
import org.relais.bench.cli.Options;
import org.relais.bench.cli.Target;
import org.relais.bench.http.Http;
import org.relais.bench.http.JsonFields;
import org.relais.bench.http.Tokens;
import org.relais.bench.kafka.ClusterAdmin;
import org.relais.bench.kafka.ConsumerLag;
import org.relais.bench.kafka.DeadLetters;
import org.relais.bench.referral.Housekeeping;
import org.relais.bench.referral.ReferralBench;

/**
 * `deploy/relais chaos`: steady mixed load, kill -9 of the broker and of each service and a PostgreSQL
 * restart at random moments (each once with --quick, {@code --rounds} times otherwise), plus once a PostgreSQL
 * outage long enough to outlast any bounded retry (40 s quick, 90 s full), then quiescence and the invariants, one
 * figure per line. All along, operators' reports arrive late (as from an offline queue) and counts are lowered under
 * held places (people walked in). Exit status 1 when an invariant fails. With {@code --cluster} (a platform started with
 * {@code up --cluster}) the faults are a cluster's instead ({@link ClusterFaults}) and its invariants are added
 * ({@link ClusterChecks}); the load, the ledger and every other invariant are the same.
 */
public final class ChaosRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads per token subject when checking: well under the gateway's per-subject burst (40). */
    private static final int CHECKS_PER_SUBJECT = 20;
    private static final String OPERATED_ARRONDISSEMENT = BenchFacilities.arrondissement(950);
    private static final String REFERRAL_ARRONDISSEMENT = BenchFacilities.arrondissement(951);

    private final Options options;
    private final Target target;
    private final Random random;
    private final long seed;
    private final Tokens tokens;
    private final Timeline timeline = new Timeline();
    /** Why the platform did not look quiet at the last look. */
    private volatile String notQuiet = "";

    public ChaosRun(Options options) {
        this.options = options;
        this.target = options.target();
        this.seed = Long.parseLong(options.string("seed", String.valueOf(System.nanoTime() % 1_000_000)));
        this.random = new Random(seed);
        this.tokens = Tokens.fromState(target.stateDir());
    }

    public int run() throws Exception {
        Path folder = Path.of(options.string("out", "bench/results")).resolve("chaos-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        Files.createDirectories(folder);
        Launcher launcher = new Launcher(target.launcher(), folder.resolve("launcher.log"));
        Databases databases = new Databases(target);
        int rounds = options.integer("rounds", 1, 3);
        // Readiness has a client of its own: behind the load's queued requests, its probes of the gateway waited for a
        // connection and timed out while the gateway answered at once.
        boolean cluster = options.has("cluster");
        // Through HAProxy, on two cores running eleven JVMs, a ready answer took over 10 s while an instance restarted beside
        // the one answering: slow, not down. A cluster's probe waits 30 s for an answer; a refusal or a 503 is "not ready" at
        // once, and the slowest answer is shown.
        double probeSeconds = options.decimal("probe-seconds", cluster ? 30 : 3, cluster ? 30 : 3);
        try (Http http = new Http(2, 64, 16, 5_000); Http probes = new Http(1, 8, 1, (long) (probeSeconds * 1000) + 5_000)) {
            Readiness readiness = new Readiness(probes, target, probeSeconds);
            Map<String, Boolean> ready = readiness.now();
            if (!ready.values().stream().allMatch(Boolean::booleanValue)) {
                System.err.println("chaos: the platform is not ready (" + ready + "): start it with deploy/relais up");
                return 2;
            }
            log("seed " + seed + ", " + rounds + " round(s) of faults" + (cluster ? " on a cluster" : "") + "; results in " + folder);
            Instant since = Instant.now().minusSeconds(5);
            Ledger ledger = new Ledger();
            int places = options.integer("places-per-facility", 8, 20);
            BenchFacilities operated = BenchFacilities.ensure(http, tokens, target.gatewayUrl(), "chaos", 950, 1,
                    options.integer("operated-facilities", 10, 20), "REST_ROOM", 8);
            BenchFacilities referred = BenchFacilities.ensure(http, tokens, target.gatewayUrl(), "chaos-ref", 951, 1,
                    options.integer("referral-facilities", 5, 10), ReferralBench.KIND, 8);
            Housekeeping housekeeping = new Housekeeping(http, tokens, target.gatewayUrl());
            List<String> patrols = housekeeping.patrols();
            housekeeping.cancel(housekeeping.leftovers(patrols, REFERRAL_ARRONDISSEMENT, referred.ids()));
            setBaselines(http, referred, places, ledger);
            Thread.sleep(1_000);

            ChaosLoad load = new ChaosLoad(http, tokens, target.gatewayUrl(), ledger, databases, operated, referred, REFERRAL_ARRONDISSEMENT,
                    patrols, seed, timeline);
            // A quick cluster run at half the quick rates: its eleven JVMs share two cores here, and at 10 updates/s the
            // machine was saturated (hundreds of requests unanswered within 5 s, restarts up to 68 s). The invariants
            // are the same at either rate.
            double updateRate = options.decimal("update-rate", cluster ? 5 : 10, 20);
            double referralRate = options.decimal("referral-rate", cluster ? 1 : 2, 3);
            log(String.format(Locale.ROOT, "load: %.0f availability updates/s, %.0f referrals/s, arrivals/declines/cancels on held places",
                    updateRate, referralRate));
            load.start(updateRate, referralRate, options.decimal("delayed-report-rate", 0.5, 0.5),
                    options.integer("lower-every-seconds", 15, 20));
            long loadStart = System.nanoTime();
            List<Recovery> recoveries;
            List<ClusterChecks.Fault> clusterFaults = List.of();
            StreamWatch streams = new StreamWatch(http);
            if (cluster) {
                openStreams(streams, operated, referred, patrols);
                try (ClusterAdmin admin = new ClusterAdmin(target.kafkaBootstrap())) {
                    clusterFaults = new ClusterFaults(this, options, random, launcher, readiness, ledger, streams, admin,
                            options.integer("brokers", 3, 3), gatewayInstances().size()).inject(rounds);
                }
                recoveries = clusterFaults.stream().map(ClusterChecks.Fault::recovery).toList();
            } else {
                recoveries = injectFaults(launcher, readiness, rounds);
            }
            pause(options.integer("tail-seconds", 3, 5));
            log("stopping the load");
            timeline.note("load stopped");
            load.stop();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            log("waiting for quiescence");
            List<String> facilityIds = new ArrayList<>(operated.ids());
            facilityIds.addAll(referred.ids());
            long q0 = System.nanoTime();
            boolean quiescent = awaitQuiescence(http, databases, facilityIds, ledger, options.integer("quiescence-seconds", 60, 120));
            double quiescenceSeconds = (System.nanoTime() - q0) / 1e9;
            if (!quiescent) {
                timeline.note("not quiet: " + notQuiet);
            }
            Observed seen = databases.read(facilityIds, referred.ids(), ledger.referrals().values(), since,
                    gatewayView(http, facilityIds), gatewayReferrals(http, ledger.patrolOf()), deadLettered(since));
            InvariantChecker.Samples samples = new InvariantChecker.Samples(load.samples.get(), load.serviceOverbooked.get(),
                    load.gatewayOverbooked.get(), load.negativeFree.get());
            List<Check> checks = new ArrayList<>();
            checks.add(Check.info("load", String.format(Locale.ROOT, "%.0f s, %d requests, %d unanswered, %d refused (4xx/5xx), seed %d",
                    loadSeconds, ledger.attempts.get(), ledger.unanswered.get(), ledger.refused.get(), seed)));
            checks.add(Check.info("  refused, by request and status", ledger.refusals()));
            checks.addAll(InvariantChecker.check(ledger, seen, samples, recoveries, quiescent, quiescenceSeconds));
            if (cluster) {
                checks.addAll(clusterChecks(clusterFaults, streams, seen, ledger));
            }
            streams.close();

            // Leave nothing waiting: a chaos referral must not take places after the run.
            housekeeping.cancel(housekeeping.leftovers(patrols, REFERRAL_ARRONDISSEMENT, referred.ids()));

            StringBuilder out = new StringBuilder();
            out.append("Relais chaos (").append(options.quick() ? "quick" : "full").append(", ")
                    .append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))).append(")\n");
            checks.forEach(c -> out.append(c.line()).append('\n'));
            long failed = checks.stream().filter(Check::failed).count();
            out.append(failed == 0 ? "chaos: every invariant holds\n" : "chaos: " + failed + " invariant(s) FAILED\n");
            Files.writeString(folder.resolve("chaos.txt"), out.toString(), StandardCharsets.UTF_8);
            Files.write(folder.resolve("timeline.txt"), timeline.lines(), StandardCharsets.UTF_8);
            System.out.print(out);
            System.out.println("(written to " + folder.toAbsolutePath() + ")");
            return failed == 0 ? 0 : 1;
        }
    }

    /** The gateway instances' own addresses (a cluster's), from --gateway-instances URL,URL. */
    private List<String> gatewayInstances() {
        return List.of(options.string("gateway-instances", "").split(",")).stream().filter(u -> !u.isBlank()).toList();
    }

    /**
     * A capacity stream on each gateway instance's own port (gateway-1, gateway-2...), watching the run's facilities, and
     * the referral streams of a few patrols through the load balancer.
     */
    private void openStreams(StreamWatch streams, BenchFacilities operated, BenchFacilities referred, List<String> patrols) {
        List<String> gateways = gatewayInstances();
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("chaos --cluster needs --gateway-instances URL,URL (deploy/relais passes them)");
        }
        Set<String> facilities = new java.util.HashSet<>(operated.ids());
        facilities.addAll(referred.ids());
        for (int i = 0; i < gateways.size(); i++) {
            String instance = "gateway-" + (i + 1);
            streams.capacity(instance, gateways.get(i) + "/api/capacity/stream?arrondissement=" + OPERATED_ARRONDISSEMENT + ","
                    + REFERRAL_ARRONDISSEMENT, tokens.coordinator("chaos-stream-" + instance), facilities);
        }
        for (String patrol : patrols.subList(0, Math.min(patrols.size(), options.integer("patrol-streams", 4, 6)))) {
            // A team member of its own: the load's requests count against other subjects' rate limits.
            streams.patrol(patrol, target.gatewayUrl(), tokens.patrol(patrol, 99));
        }
    }

    /**
     * The cluster's own invariants, once each stream has had its chance to deliver the last changes (15 s at most: the
     * platform is quiet by now, so a view still behind missed something).
     */
    private List<Check> clusterChecks(List<ClusterChecks.Fault> faults, StreamWatch streams, Observed seen, Ledger ledger)
            throws InterruptedException {
        Map<String, Long> versions = new HashMap<>();
        seen.capacity().forEach((id, c) -> versions.put(id, c.version()));
        Map<String, String> patrolOf = ledger.patrolOf();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Map<String, Map<String, Long>> views = new java.util.TreeMap<>();
            streams.capacity.forEach(c -> views.put(c.instance, Map.copyOf(c.versions)));
            List<ClusterChecks.PatrolStream> patrolStreams = new ArrayList<>();
            for (StreamWatch.PatrolReader p : streams.patrols) {
                Map<String, String> stored = new HashMap<>();
                seen.patrol().forEach((id, r) -> {
                    if (p.patrol.equals(patrolOf.get(id))) {
                        stored.put(id, r.status());
                    }
                });
                patrolStreams.add(new ClusterChecks.PatrolStream(p.patrol, p.events.get(), p.duplicates.get(), p.closures.size(),
                        p.sentLastEventId.get(), p.ids(), p.view(), stored));
            }
            List<Check> checks = ClusterChecks.check(faults, patrolStreams, versions, views);
            boolean settled = checks.stream().noneMatch(Check::failed) && patrolStreams.stream().allMatch(p -> p.missed() == 0);
            if (settled || System.nanoTime() > deadline) {
                return checks;
            }
            Thread.sleep(500);
        }
    }

    private void setBaselines(Http http, BenchFacilities referred, int places, Ledger ledger) {
        for (int i = 0; i < referred.size(); i++) {
            String id = referred.id(i);
            Http.Response r = http.put(target.gatewayUrl() + "/api/facilities/" + id + "/availability",
                    "{\"free\":" + places + ",\"total\":" + BenchFacilities.TOTAL_PLACES + "}", referred.operator(i)).join();
            if (!r.ok()) {
                throw new IllegalStateException("could not set the places of " + id + ": " + r.status() + " " + r.body());
            }
            ledger.baseline(id, r.body(), places);
        }
    }

    /** POSTGRES: a restart (down a few seconds); POSTGRES_OUTAGE: down for {@code --postgres-outage-seconds}. */
    private enum Fault { KAFKA, CAPACITY, REFERRAL, PATROL, GATEWAY, POSTGRES, POSTGRES_OUTAGE }

    private List<Recovery> injectFaults(Launcher launcher, Readiness readiness, int rounds) throws InterruptedException {
        List<Recovery> recoveries = new ArrayList<>();
        int gapMin = options.integer("gap-min-seconds", 3, 5);
        int gapMax = options.integer("gap-max-seconds", 6, 12);
        for (int round = 1; round <= rounds; round++) {
            List<Fault> faults = new ArrayList<>(List.of(Fault.values()));
            if (round > 1) {
                faults.remove(Fault.POSTGRES_OUTAGE); // once per run: it is long
            }
            if (!options.quick()) {
                Collections.shuffle(faults, random);
            }
            for (Fault fault : faults) {
                pause(gapMin + random.nextInt(Math.max(1, gapMax - gapMin + 1)));
                Recovery r = inject(fault, round, launcher, readiness);
                log(String.format(Locale.ROOT, "%s #%d: %s", fault, round, r.error() != null ? "ERROR " + r.error()
                        : String.format(Locale.ROOT, "down %.1f s, back in %.1f s, all ready %.1f s later, all healthy %.1f s later", r.downSeconds(),
                        r.restartSeconds(), r.readySeconds(), r.healthySeconds())));
                recoveries.add(r);
                if (r.error() != null && Double.isNaN(readiness.awaitAll(60))) {
                    log("the platform did not come back: no further faults");
                    return recoveries;
                }
            }
        }
        return recoveries;
    }

    private Recovery inject(Fault fault, int round, Launcher launcher, Readiness readiness) throws InterruptedException {
        String name = switch (fault) {
            case KAFKA -> "kill -9 kafka";
            case POSTGRES -> "restart postgresql";
            case POSTGRES_OUTAGE -> "postgresql away " + options.integer("postgres-outage-seconds", 40, 90) + " s";
            default -> "kill -9 " + service(fault);
        };
        return inject(name, round, () -> {
            switch (fault) {
                case KAFKA -> launcher.kill("kafka");
                case POSTGRES, POSTGRES_OUTAGE -> launcher.stopPostgres();
                default -> launcher.kill(service(fault));
            }
        }, fault == Fault.POSTGRES_OUTAGE ? options.integer("postgres-outage-seconds", 40, 90)
                : fault == Fault.KAFKA || fault == Fault.POSTGRES ? 2 + random.nextInt(4) : 1 + random.nextInt(2), () -> {
            switch (fault) {
                case KAFKA -> launcher.startKafka();
                case POSTGRES, POSTGRES_OUTAGE -> launcher.startPostgres();
                default -> launcher.restart(service(fault));
            }
        }, readiness);
    }

    /** One step of a fault, carried out by the launcher. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * One fault: {@code fail}, {@code seconds} away, {@code repair} (timed: restartSeconds), then how long until every
     * service is ready, every check UP and every consumer group past what was produced before the return.
     */
    Recovery inject(String name, int round, Step fail, int seconds, Step repair, Readiness readiness) throws InterruptedException {
        Readiness.Watch watch = readiness.watch();
        timeline.note("fault: " + name);
        long down = System.nanoTime();
        double restartSeconds;
        try {
            fail.run();
            pause(seconds);
            timeline.note("restarting after " + name);
            long restart = System.nanoTime();
            repair.run();
            restartSeconds = (System.nanoTime() - restart) / 1e9;
            timeline.note("back after " + name);
        } catch (Exception e) {
            timeline.note("ERROR during " + name + ": " + e.getMessage());
            return new Recovery(name, round, (System.nanoTime() - down) / 1e9, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    watch.stop(), watch.slowestSeconds(), options.has("cluster"), e.getMessage());
        }
        double downSeconds = (System.nanoTime() - down) / 1e9;
        long back = System.nanoTime();
        double readySeconds;
        double healthySeconds;
        double consumedSeconds = Double.NaN;
        try (ConsumerLag lag = new ConsumerLag(target.kafkaBootstrap())) {
            Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> marks = marks(lag);
            readySeconds = readiness.awaitAll(30);
            timeline.note("all services ready after " + name);
            healthySeconds = Double.isNaN(readySeconds) ? Double.NaN
                    : (System.nanoTime() - back) / 1e9 + readiness.awaitAll(Readiness.HEALTHY, 30);
            timeline.note("all services healthy after " + name);
            // A figure, not an invariant: the quick cluster run waits less for it (its budget is a few minutes for five faults).
            int consumedWait = options.integer("consumed-wait-seconds", options.has("cluster") ? 20 : 60, 60);
            if (marks != null && !Double.isNaN(lag.awaitPast(marks, consumedWait))) {
                consumedSeconds = (System.nanoTime() - back) / 1e9;
                timeline.note("consumers past the return of " + name);
            }
        }
        return new Recovery(name, round, downSeconds, restartSeconds, readySeconds, healthySeconds, consumedSeconds, watch.stop(),
                watch.slowestSeconds(), options.has("cluster"), null);
    }

    private Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> marks(ConsumerLag lag) {
        try {
            return lag.marks();
        } catch (Exception e) {
            timeline.note("could not read consumer offsets: " + e);
            return null;
        }
    }

    private static String service(Fault fault) {
        return switch (fault) {
            case CAPACITY -> "capacity-service";
            case REFERRAL -> "referral-service";
            case PATROL -> "patrol-service";
            case GATEWAY -> "gateway";
            default -> throw new IllegalArgumentException(fault.name());
        };
    }

    /**
     * Quiet: every consumer group at the end of its topics, every outbox empty, no referral of this run still REQUESTED, and the gateway's view of every chaos
     * facility at capacity-service's version; twice in a row.
     */
    private boolean awaitQuiescence(Http http, Databases databases, List<String> facilities, Ledger ledger, int timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int quietInARow = 0;
        try (ConsumerLag lag = new ConsumerLag(target.kafkaBootstrap())) {
            while (System.nanoTime() < deadline) {
                try {
                    boolean consumersCaughtUp = lag.totalLag() == 0;
                    boolean outboxesEmpty = databases.outbox().values().stream().allMatch(n -> n == 0);
                    Observed o = databases.read(facilities, List.of(), ledger.referrals().values(), Instant.now(), gatewayView(http, facilities),
                            Map.of(), -1);
                    boolean noneRequested = o.patrol().values().stream().noneMatch(p -> "REQUESTED".equals(p.status()))
                            && o.referral().values().stream().noneMatch(r -> "REQUESTED".equals(r.status()));
                    boolean viewsCaughtUp = o.capacity().entrySet().stream().allMatch(e -> {
                        Observed.GatewayFacility g = o.gateway().get(e.getKey());
                        return g != null && g.version() == e.getValue().version();
                    });
                    boolean patrolAgrees = o.patrol().values().stream().allMatch(p -> {
                        Observed.ServiceReferral r = o.referral().get(p.id());
                        return r != null && r.status().equals(p.status());
                    });
                    quietInARow = consumersCaughtUp && outboxesEmpty && noneRequested && viewsCaughtUp && patrolAgrees ? quietInARow + 1 : 0;
                    notQuiet = String.format(Locale.ROOT, "consumer lag 0: %s, outboxes empty: %s, no referral REQUESTED: %s, "
                            + "gateway at capacity's versions: %s, patrol agrees with referral-service: %s",
                            consumersCaughtUp, outboxesEmpty, noneRequested, viewsCaughtUp, patrolAgrees);
                    if (quietInARow >= 2) {
                        return true;
                    }
                } catch (Exception e) {
                    quietInARow = 0;
                    notQuiet = "cannot read the state: " + e;
                }
                Thread.sleep(1_000);
            }
        }
        return false;
    }

    private Map<String, Observed.GatewayFacility> gatewayView(Http http, List<String> facilities) throws Exception {
        Map<String, Observed.GatewayFacility> view = new HashMap<>();
        Set<String> wanted = Set.copyOf(facilities);
        for (String arrondissement : List.of(OPERATED_ARRONDISSEMENT, REFERRAL_ARRONDISSEMENT)) {
            Http.Response r = http.get(target.gatewayUrl() + "/api/capacity?arrondissement=" + arrondissement, tokens.coordinator("chaos-checker"))
                    .get(10, TimeUnit.SECONDS);
            if (!r.ok()) {
                throw new IllegalStateException("GET /api/capacity answered " + r.status());
            }
            for (JsonNode f : JSON.readTree(r.body()).path("facilities")) {
                String id = f.path("id").asText();
                if (wanted.contains(id)) {
                    view.put(id, new Observed.GatewayFacility(f.path("free").asInt(), f.path("held").asInt(), f.path("version").asLong()));
                }
            }
        }
        return view;
    }

    /** Status of each referral as GET /api/referrals/{id} through the gateway answers it. */
    private Map<String, String> gatewayReferrals(Http http, Map<String, String> patrolOf) {
        Map<String, String> statuses = new ConcurrentHashMap<>();
        Map<String, Integer> refusals = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(16);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> referral : patrolOf.entrySet()) {
            String id = referral.getKey();
            permits.acquireUninterruptibly();
            // Read as the referral's own patrol, a few reads per team member (the gateway limits each subject).
            Map<String, String> member = tokens.patrol(referral.getValue(), n++ / CHECKS_PER_SUBJECT);
            pending.add(http.get(target.gatewayUrl() + "/api/referrals/" + id, member).whenComplete((r, e) -> {
                permits.release();
                if (r != null && r.ok()) {
                    String status = JsonFields.get(r.body(), "status");
                    if (status != null) {
                        statuses.put(id, status);
                    } else {
                        refusals.merge("HTTP " + r.status() + " with no status in the body [" + r.body() + "]", 1, Integer::sum);
                    }
                } else {
                    refusals.merge(r != null ? "HTTP " + r.status() : String.valueOf(e), 1, Integer::sum);
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        if (!refusals.isEmpty()) {
            log("GET /api/referrals/{id} through the gateway not answered: " + refusals);
        }
        return statuses;
    }

    private long deadLettered(Instant since) {
        try {
            return DeadLetters.since(target.kafkaBootstrap(), since);
        } catch (RuntimeException e) {
            log("could not read the dead-letter topic: " + e);
            return -1;
        }
    }

    static void pause(int seconds) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    }

    static void log(String message) {
        System.err.println("chaos: " + message);
    }
}
