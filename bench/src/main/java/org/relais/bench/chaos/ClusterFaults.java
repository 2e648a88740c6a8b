package org.relais.bench.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.relais.bench.cli.Options;
import org.relais.bench.cli.Target;
import org.relais.bench.kafka.ClusterAdmin;
import org.relais.events.Topics;

/**
 * The faults of a cluster run (`deploy/relais chaos --cluster`): in each round, kill -9 of one broker (in the first,
 * the active KRaft controller, found at that moment) and of one instance of each service, each started again by the
 * launcher before the next. Around each it measures what a cluster promises: writes answered while a broker is away,
 * the other gateway's stream readers fed, patrol streams reopened, and the killed part back with its share (its
 * consumers holding partitions, its replicas in sync).
 */
final class ClusterFaults {

    private static final List<String> TOPICS = List.of(Topics.FACILITY_STATE, Topics.FACILITY_HOLDS, Topics.REFERRAL_REQUESTS,
            Topics.REFERRAL_STATUS, Topics.DEAD_LETTER);
    private static final String CONTROLLER = "the active controller";

    private final ChaosRun run;
    private final Options options;
    private final Random random;
    private final Launcher launcher;
    private final Readiness readiness;
    private final Ledger ledger;
    private final StreamWatch streams;
    private final ClusterAdmin admin;
    private final int brokers;
    private final int instances;
    /** Where the rejoin and resync looks run, beside the fault's own waits. */
    private static final java.util.concurrent.ExecutorService WATCHERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-cluster-watch");
        t.setDaemon(true);
        return t;
    });

    ClusterFaults(ChaosRun run, Options options, Random random, Launcher launcher, Readiness readiness, Ledger ledger, StreamWatch streams,
            ClusterAdmin admin, int brokers, int instances) {
        this.run = run;
        this.options = options;
        this.random = random;
        this.launcher = launcher;
        this.readiness = readiness;
        this.ledger = ledger;
        this.streams = streams;
        this.admin = admin;
        this.brokers = brokers;
        this.instances = instances;
    }

    List<ClusterChecks.Fault> inject(int rounds) throws InterruptedException {
        List<ClusterChecks.Fault> faults = new ArrayList<>();
        int gapMin = options.integer("gap-min-seconds", 3, 5);
        int gapMax = options.integer("gap-max-seconds", 6, 12);
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>();
            order.add(round == 1 ? CONTROLLER : "kafka-" + (1 + random.nextInt(brokers)));
            for (String service : Target.serviceNames()) {
                order.add(service + "-" + (1 + random.nextInt(instances)));
            }
            if (!options.quick()) {
                Collections.shuffle(order, random);
            }
            for (String process : order) {
                ChaosRun.pause(gapMin + random.nextInt(Math.max(1, gapMax - gapMin + 1)));
                ClusterChecks.Fault f = fault(process, round);
                Recovery r = f.recovery();
                ChaosRun.log(String.format(Locale.ROOT, "%s #%d: %s", r.fault(), round, r.error() != null ? "ERROR " + r.error()
                        : String.format(Locale.ROOT, "down %.1f s, ready again %.1f s after its start, platform ready throughout: %s",
                                r.downSeconds(), r.restartSeconds(), !r.sawNotReady().containsValue(true))));
                faults.add(f);
                if (r.error() != null && Double.isNaN(readiness.awaitAll(60))) {
                    ChaosRun.log("the platform did not come back: no further faults");
                    return faults;
                }
            }
        }
        return faults;
    }

    /**
     * The active controller's node id, asked up to three times: on a loaded machine one answer may take longer than the
     * admin client's timeout, and killing a broker that is not the controller would leave the controller's loss untried.
     */
    private Integer controller() throws InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return admin.controller();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ChaosRun.log("reading the active controller, attempt " + attempt + " of 3: " + e);
            }
        }
        return null;
    }

    private ClusterChecks.Fault fault(String planned, int round) throws InterruptedException {
        String process = planned;
        String name = "kill -9 " + planned;
        if (planned.equals(CONTROLLER)) {
            Integer controller = controller();
            process = "kafka-" + (controller == null ? 1 : controller);
            name = "kill -9 " + process + " (" + (controller == null ? "the controller could not be read" : CONTROLLER) + ")";
        }
        String killed = process;
        boolean broker = killed.startsWith("kafka-");
        String service = broker ? null : killed.substring(0, killed.lastIndexOf('-'));
        // The consumer group of the service, named after it (the gateway has none: it replays every partition itself).
        String group = service == null || service.equals("gateway") ? null : service;
        Map<String, Integer> before = group == null ? null : members(group);
        Map<StreamWatch.PatrolReader, Long> reopenedBefore = new HashMap<>();
        streams.patrols.forEach(p -> reopenedBefore.put(p, p.reopened.get()));
        long[] window = new long[2];
        Ledger.Window[] writes = new Ledger.Window[1];
        // Measured from the moment the killed part is back, beside the platform-wide waits of ChaosRun#inject.
        List<CompletableFuture<?>> back = new ArrayList<>();
        CompletableFuture<ClusterChecks.Rejoin> rejoin = new CompletableFuture<>();
        CompletableFuture<ClusterChecks.Resync> resync = new CompletableFuture<>();
        Recovery recovery = run.inject(name, round, () -> {
            window[0] = System.nanoTime();
            if (broker) {
                ledger.openWindow(killed);
            }
            launcher.kill(killed);
        }, broker ? 2 + random.nextInt(4) : 1 + random.nextInt(2), () -> {
            try {
                launcher.start(killed);
            } finally {
                window[1] = System.nanoTime();
                if (broker) {
                    writes[0] = ledger.closeWindow();
                }
            }
            if (group != null && before != null) {
                back.add(CompletableFuture.runAsync(() -> rejoin.complete(rejoin(group, before, window[1])), WATCHERS));
            }
            if (broker) {
                int node = Integer.parseInt(killed.substring("kafka-".length()));
                back.add(CompletableFuture.runAsync(() -> resync.complete(resync(node, window[1])), WATCHERS));
            }
        }, readiness);
        if (window[1] == 0) {
            window[1] = System.nanoTime();
            writes[0] = broker ? ledger.closeWindow() : null;
        }
        List<ClusterChecks.StreamActivity> surviving = streams.capacity.stream().filter(c -> !c.instance.equals(killed))
                .map(c -> c.between(window[0], window[1])).toList();
        long ended = 0;
        long reopened = 0;
        if (killed.startsWith("patrol-service-")) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            do {
                ended = 0;
                reopened = 0;
                for (StreamWatch.PatrolReader p : streams.patrols) {
                    if (p.closedBetween(window[0], window[1]) > 0) {
                        ended++;
                        reopened += p.reopened.get() > reopenedBefore.get(p) ? 1 : 0;
                    }
                }
            } while (reopened < ended && System.nanoTime() < deadline && sleep());
        }
        back.forEach(CompletableFuture::join);
        return new ClusterChecks.Fault(killed, recovery, writes[0], surviving, ended, reopened, rejoin.getNow(null), resync.getNow(null));
    }

    private Map<String, Integer> members(String group) {
        try {
            return admin.members(group);
        } catch (Exception e) {
            ChaosRun.log("could not describe consumer group " + group + ": " + e);
            return null;
        }
    }

    /** Waits (60 s at most) for the restarted instance's consumers to hold partitions in the group. */
    private ClusterChecks.Rejoin rejoin(String group, Map<String, Integer> before, long back) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        ClusterChecks.Rejoin last = new ClusterChecks.Rejoin(group, before, Map.of(), Double.NaN);
        while (System.nanoTime() < deadline) {
            Map<String, Integer> after = members(group);
            if (after != null) {
                last = new ClusterChecks.Rejoin(group, before, after, (System.nanoTime() - back) / 1e9);
                if (last.back()) {
                    return last;
                }
            }
            if (!sleep()) {
                break;
            }
        }
        return new ClusterChecks.Rejoin(group, before, last.after(), Double.NaN);
    }

    /** Waits (60 s at most) until no partition of the platform's topics has a replica out of sync. */
    private ClusterChecks.Resync resync(int node, long back) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        ClusterAdmin.Replicas last = new ClusterAdmin.Replicas(-1, 0);
        while (System.nanoTime() < deadline) {
            try {
                last = admin.replicas(TOPICS, node);
                if (last.underReplicated() == 0) {
                    return new ClusterChecks.Resync(0, (System.nanoTime() - back) / 1e9, last.ledBy());
                }
            } catch (Exception e) {
                // The metadata is moving: ask again.
            }
            if (!sleep()) {
                break;
            }
        }
        return new ClusterChecks.Resync(Math.max(1, last.underReplicated()), Double.NaN, last.ledBy());
    }

    /** Half a second between two looks; false once interrupted (the look ends there). */
    private static boolean sleep() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
