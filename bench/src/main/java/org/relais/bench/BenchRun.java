package org.relais.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.relais.bench.capacity.BenchFacilities;
import org.relais.bench.capacity.CapacityBench;
import org.relais.bench.capacity.PhaseResult;
import org.relais.bench.cli.Options;
import org.relais.bench.cli.Target;
import org.relais.bench.floor.KafkaFloor;
import org.relais.bench.floor.PostgresFloor;
import org.relais.bench.footprint.Footprint;
import org.relais.bench.http.Http;
import org.relais.bench.http.Tokens;
import org.relais.bench.kafka.ConsumerLag;
import org.relais.bench.load.Latency;
import org.relais.bench.metrics.ServiceView;
import org.relais.bench.referral.ReferralBench;
import org.relais.bench.referral.ReferralResult;
import org.relais.bench.report.Report;
import org.relais.bench.report.Table;

/** `deploy/relais bench`: floor first, then capacity, referrals and footprint; one report. */
public final class BenchRun {

    private static final String HOT_ARRONDISSEMENT = BenchFacilities.arrondissement(1);
    private static final String REFERRAL_ARRONDISSEMENT = BenchFacilities.arrondissement(900);

    private final Options options;
    private final Target target;
    private final Report report;
    private final Tokens tokens;
    private final List<String[]> targets = new ArrayList<>();
    /** Seconds the services took to settle before the idle footprint, -1 when they never did. */
    private double idleSettled;
    private Latency kafkaFloor;
    private Latency postgresFloor;
    /** The services' own figures per phase (their /q/metrics), reported beside the tool's. */
    private ServiceView services;

    BenchRun(Options options) {
        this.options = options;
        this.target = options.target();
        this.tokens = Tokens.fromState(target.stateDir());
        String mode = options.quick() ? "quick" : "full";
        this.report = new Report("Relais bench (" + mode + ", " + DateTimeFormatter.ISO_INSTANT.format(
                ZonedDateTime.now(ZoneOffset.UTC).withNano(0)) + ")");
    }

    int run() throws Exception {
        long started = System.nanoTime();
        report.section("Machine").text(Machine.describe());
        int subscribers = options.integer("subscribers", 100, 1_000);
        int hold = options.integer("hold-subscribers", 0, 5_000);
        int streams = Math.max(Math.max(subscribers, hold), 8) + 16;
        try (Http http = new Http(2, options.integer("connections", 64, 128), streams, 10_000)) {
            checkGateway(http);
            services = new ServiceView(http, tokens, target);
            Footprint footprint = new Footprint(target);
            List<Footprint.Usage> idle = null;
            if (options.runs("footprint")) {
                log("footprint at idle: waiting until the services are done with their start-up work");
                idleSettled = footprint.awaitQuiet(10, Duration.ofSeconds(options.integer("idle-settle-seconds", 60, 120)));
                Footprint.Window w = footprint.start();
                Thread.sleep(TimeUnit.SECONDS.toMillis(options.integer("idle-seconds", 3, 5)));
                idle = w.stop();
            }
            if (options.runs("floor")) {
                guarded("Floor", () -> {
                    floor();
                    return null;
                });
            }
            List<Footprint.Usage> loaded = null;
            if (options.runs("capacity")) {
                loaded = guarded("Capacity", () -> capacity(http, footprint, subscribers, hold));
            }
            if (options.runs("referrals")) {
                guarded("Referrals", () -> {
                    referrals(http);
                    return null;
                });
            }
            if (idle != null) {
                footprintSection(idle, loaded);
            }
        }
        ratiosAndTargets();
        report.section("Run").text(String.format(Locale.ROOT, "Bench took %.0f s. Reproduce with `deploy/relais bench%s`.",
                (System.nanoTime() - started) / 1e9, options.quick() ? " --quick" : ""));
        Path folder = Path.of(options.string("out", "bench/results")).resolve(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        Path md = report.write(folder);
        System.out.println(Files.readString(md));
        System.out.println("(report written to " + folder.toAbsolutePath() + ")");
        return failedSections == 0 ? 0 : 1;
    }

    private interface Section<T> {
        T run() throws Exception;
    }

    private int failedSections;

    /** A section that fails is reported as such; the others still run and the report is still written. */
    private <T> T guarded(String name, Section<T> section) {
        try {
            return section.run();
        } catch (Exception e) {
            failedSections++;
            log(name + " failed: " + e);
            report.section(name + ": FAILED").text("`" + e + "`");
            return null;
        }
    }

    private void checkGateway(Http http) throws Exception {
        if (!options.runs("capacity") && !options.runs("referrals")) {
            return;
        }
        Http.Response r = http.get(target.gatewayUrl() + "/q/health/ready").get(10, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException("the gateway at " + target.gatewayUrl() + " is not ready (" + r.status()
                    + (r.error() == null ? "" : ", " + r.error()) + "): start the platform with deploy/relais up");
        }
    }

    private void floor() throws Exception {
        double rate = options.decimal("floor-rate", 200, 200);
        Duration d = Duration.ofSeconds(options.integer("floor-seconds", 5, 15));
        log("floor: Kafka produce->consume at " + rate + "/s");
        kafkaFloor = new KafkaFloor(target.kafkaBootstrap()).measure(rate, d);
        log("floor: PostgreSQL UPDATE commit at " + rate + "/s");
        postgresFloor = new PostgresFloor(target).measure(rate, d);
        Table t = new Table("path", "rate/s", "samples", "p50 ms", "p99 ms", "max ms");
        for (Latency l : List.of(kafkaFloor, postgresFloor)) {
            t.row(l.name(), rate, l.count(), Table.ms(l.percentileMillis(50)), Table.ms(l.percentileMillis(99)), Table.ms(l.maxMillis()));
        }
        report.section("Floor (what Kafka and PostgreSQL allow on this machine)").table(t)
                .text("Open loop at a fixed rate, latency from each operation's intended start. Kafka: acks=all, idempotent "
                        + "producer, one-partition temporary topic. PostgreSQL: autocommit single-row UPDATE in database `relais_bench`.");
        report.plot(kafkaFloor).plot(postgresFloor);
    }

    private List<Footprint.Usage> capacity(Http http, Footprint footprint, int subscribers, int hold) throws Exception {
        int arrondissements = options.integer("arrondissements", 10, 20);
        int perArrondissement = options.integer("facilities", 1_000, 10_000) / arrondissements;
        log("capacity: registering " + arrondissements * perArrondissement + " bench facilities in arrondissements 00001..");
        long t0 = System.nanoTime();
        BenchFacilities facilities = BenchFacilities.ensure(http, tokens, target.gatewayUrl(), "bench", 1, arrondissements,
                perArrondissement, "REST_ROOM", 32);
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        CapacityBench bench = new CapacityBench(http, tokens, target.gatewayUrl(), facilities);
        List<PhaseResult> phases = new ArrayList<>();
        int[] hot = facilities.in(HOT_ARRONDISSEMENT);

        log("capacity: low rate, one subscriber");
        try (CapacityBench.Subscribers one = bench.subscribe("low", 1, i -> HOT_ARRONDISSEMENT, 1)) {
            noteSubscribers(one, 1);
            ServiceView.Window seen = services.start();
            phases.add(bench.run("low: 10/s, 1 subscriber", options.decimal("low-rate", 10, 10),
                    Duration.ofSeconds(options.integer("low-seconds", 10, 20)), hot, one));
            seen.stop("low");
        }

        double loadRate = options.decimal("load-rate", 50, 100);
        log("capacity: " + subscribers + " subscribers at " + loadRate + " updates/s");
        List<Footprint.Usage> loaded;
        try (CapacityBench.Subscribers many = bench.subscribe("load", subscribers, i -> HOT_ARRONDISSEMENT, 32)) {
            Footprint.Window w = footprint.start();
            ServiceView.Window seen = services.start();
            phases.add(bench.run(String.format(Locale.ROOT, "load: %.0f/s, %d subscribers", loadRate, many.size()), loadRate,
                    Duration.ofSeconds(options.integer("load-seconds", 15, 30)), hot, many));
            loaded = w.stop();
            seen.stop("load");
            noteSubscribers(many, subscribers);
        }

        if (hold > 0) {
            double rate = options.decimal("hold-rate", 11, 11);
            log("capacity: national scale, " + hold + " subscribers (one arrondissement each) at " + rate + " updates/s over "
                    + facilities.size() + " facilities");
            List<String> codes = facilities.arrondissementCodes();
            try (CapacityBench.Subscribers many = bench.subscribe("national", hold, i -> codes.get(i % codes.size()), 32)) {
                ServiceView.Window seen = services.start();
                phases.add(bench.run(String.format(Locale.ROOT, "national: %.0f/s over %d facilities, %d subscribers", rate,
                        facilities.size(), many.size()), rate, Duration.ofSeconds(options.integer("hold-seconds", 20, 30)),
                        facilities.all(), many));
                seen.stop("national");
                noteSubscribers(many, hold);
            }
        }

        List<PhaseResult> steps = new ArrayList<>();
        List<Double> ingestRates = options.decimals("ingest-rates", "100,250,500,1000,2000", "100,250,500,1000,2000,3000,4000");
        List<String> drained = new ArrayList<>();
        double sustained = 0;
        int ingestSubscribers = options.integer("ingest-subscribers", 2, 2);
        log("capacity: ingest steps with " + ingestSubscribers + " subscribers");
        String everyBenchArrondissement = String.join(",", facilities.arrondissementCodes());
        try (CapacityBench.Subscribers few = bench.subscribe("ingest", ingestSubscribers, i -> everyBenchArrondissement, 2);
             ConsumerLag lag = new ConsumerLag(target.kafkaBootstrap())) {
            ServiceView.Window seen = services.start();
            // From a rate this machine sustains, so that the report names one (not only "0/s" when the first step fails).
            for (double rate : ingestRates) {
                PhaseResult step = bench.run(String.format(Locale.ROOT, "ingest %.0f/s", rate), rate,
                        Duration.ofSeconds(options.integer("ingest-seconds", 5, 10)), facilities.all(), few);
                steps.add(step);
                // The services consuming facility-state (referral-service) must keep up too: how long they take to drain.
                long backlog = safeLag(lag);
                double drain = lag.awaitCaughtUp(0, 60);
                drained.add(String.format(Locale.ROOT, "%d records, %s", backlog,
                        Double.isNaN(drain) ? "not drained in 60 s" : String.format(Locale.ROOT, "%.1f s", drain)));
                boolean keptUp = step.put().percentileMillis(99) < 1_000 && step.sent() >= 0.95 * rate * step.seconds();
                log(String.format(Locale.ROOT, "  %.0f/s: %d/%d acknowledged, missed %d, lost %d, PUT p99 %s ms", rate,
                        step.acknowledged(), step.sent(), step.missed(), step.lost(), Table.ms(step.put().percentileMillis(99))));
                if (!step.lossless() || !keptUp) {
                    break;
                }
                sustained = rate;
                Thread.sleep(1_000);
            }
            seen.stop("ingest steps");
        }

        Table latency = new Table("phase", "PUT p50", "PUT p99", "answer->event p50", "p95", "p99", "max", "intended->event p99",
                "snapshot p50 / max");
        Table delivery = new Table("phase", "facilities", "subscribers", "updates/s", "sent", "2xx", "errors", "events delivered",
                "events/s fanned out", "missed", "lost", "streams dropped");
        for (PhaseResult p : phases) {
            latencyRow(latency, p);
            deliveryRow(delivery, p);
        }
        Table ingest = new Table("target updates/s", "achieved/s", "2xx / sent", "PUT p99 ms", "answer->event p99 ms", "missed", "lost",
                "consumer backlog at end, drained in", "verdict");
        for (int k = 0; k < steps.size(); k++) {
            PhaseResult s = steps.get(k);
            boolean keptUp = s.put().percentileMillis(99) < 1_000 && s.sent() >= 0.95 * s.rate() * s.seconds();
            ingest.row(s.rate(), String.format(Locale.ROOT, "%.0f", s.acknowledged() / s.seconds()), s.acknowledged() + " / " + s.sent(),
                    Table.ms(s.put().percentileMillis(99)), Table.ms(s.propagation().percentileMillis(99)), s.missed(), s.lost(),
                    k < drained.size() ? drained.get(k) : "n/a", s.lossless() && keptUp ? "sustained" : (s.lossless() ? "fell behind" : "lost or failed"));
        }
        report.section("Capacity (availability updates -> live stream)")
                .text(String.format(Locale.ROOT, "%d bench facilities in %d bench arrondissements (00001..), registered or reused in %.1f s"
                        + (facilities.failed() > 0 ? " (%d failed)" : "%s") + ". Updates are PUTs through the gateway at a fixed rate "
                        + "(open loop). Latencies in ms. \"answer->event\" is from the PUT's 2xx to the event at each subscriber (0 when the "
                        + "event came first); \"intended->event\" also counts the PUT itself, from its intended send time. The low and load "
                        + "phases update the %d facilities of arrondissement %s, which their subscribers watch; national-scale subscribers "
                        + "each watch one bench arrondissement, as a coordinator watches their own.",
                        facilities.size(), arrondissements, setupSeconds, facilities.failed() > 0 ? facilities.failed() : "", hot.length, HOT_ARRONDISSEMENT))
                .table(latency).table(delivery);
        report.section("Ingest (highest sustained update rate, " + ingestSubscribers + " subscribers watching every bench arrondissement)")
                .table(ingest)
                .text(String.format(Locale.ROOT, "Highest sustained rate with nothing lost: **%.0f updates/s** (steps of %d s; a step "
                        + "passes when every PUT got a 2xx, every subscriber saw every update, and the PUT p99 stayed under 1 s).",
                        sustained, options.integer("ingest-seconds", 5, 10)));
        servicesView("Capacity");
        for (PhaseResult p : phases) {
            report.plot(p.propagation());
            errorsNote(p.name(), p.errors());
        }
        for (PhaseResult s : steps) {
            errorsNote(s.name(), s.errors());
        }

        PhaseResult low = phases.get(0);
        PhaseResult load = phases.get(1);
        targets.add(new String[] {"capacity at low load: p50 <= 3x the Kafka floor",
            kafkaFloor == null ? "n/a" : String.format(Locale.ROOT, "%.1fx (%s ms vs %s ms)",
                low.propagation().percentileMillis(50) / kafkaFloor.percentileMillis(50),
                Table.ms(low.propagation().percentileMillis(50)), Table.ms(kafkaFloor.percentileMillis(50))),
            kafkaFloor == null ? "?" : verdict(low.propagation().percentileMillis(50) <= 3 * kafkaFloor.percentileMillis(50))});
        targets.add(new String[] {"100 updates/s with 1,000 subscribers: p99 <= 50 ms",
            String.format(Locale.ROOT, "%s ms at %.0f/s with %d subscribers, %d lost", Table.ms(load.propagation().percentileMillis(99)),
                load.rate(), load.subscribers(), load.lost()),
            verdict(load.rate() >= 100 && load.subscribers() >= 1_000 && load.propagation().percentileMillis(99) <= 50 && load.lossless(),
                load.rate() < 100 || load.subscribers() < 1_000)});
        if (phases.size() > 2) {
            PhaseResult national = phases.get(2);
            targets.add(new String[] {"national scale (~11 updates/s, 5,000 subscribers): p99 <= 250 ms",
                String.format(Locale.ROOT, "%s ms with %d subscribers, %d lost", Table.ms(national.propagation().percentileMillis(99)),
                    national.subscribers(), national.lost()),
                verdict(national.subscribers() >= 5_000 && national.propagation().percentileMillis(99) <= 250 && national.lossless(),
                    national.subscribers() < 5_000)});
        } else {
            targets.add(new String[] {"national scale (~11 updates/s, 5,000 subscribers): p99 <= 250 ms", "not run (full run only)", "-"});
        }
        // At scale when the planned steps reach the target, even if the run stopped at a lower failing step.
        double plannedMax = ingestRates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        targets.add(new String[] {"ingest >= 2,000 updates/s without loss", String.format(Locale.ROOT, "%.0f/s", sustained),
            verdict(sustained >= 2_000, plannedMax < 2_000)});
        ratio("capacity: PUT answer -> event p50 / Kafka produce->consume p50", low.propagation(), kafkaFloor);
        ratio("capacity: PUT round trip p50 / PostgreSQL commit p50", low.put(), postgresFloor);
        return loaded;
    }

    private static long safeLag(ConsumerLag lag) {
        try {
            return lag.totalLag();
        } catch (Exception e) {
            return -1;
        }
    }

    private void noteSubscribers(CapacityBench.Subscribers set, int wanted) {
        if (set.failed() > 0 || set.size() < wanted) {
            report.text(String.format(Locale.ROOT, "Only %d of %d subscribers got their snapshot (%d failed; first error: %s).", set.size(),
                    wanted, set.failed(), set.firstError()));
        }
    }

    private static void latencyRow(Table t, PhaseResult p) {
        t.row(p.name(), Table.ms(p.put().percentileMillis(50)), Table.ms(p.put().percentileMillis(99)),
                Table.ms(p.propagation().percentileMillis(50)), Table.ms(p.propagation().percentileMillis(95)),
                Table.ms(p.propagation().percentileMillis(99)), Table.ms(p.propagation().maxMillis()),
                Table.ms(p.endToEnd().percentileMillis(99)),
                Table.ms(p.snapshot().percentileMillis(50)) + " / " + Table.ms(p.snapshot().maxMillis()));
    }

    private static void deliveryRow(Table t, PhaseResult p) {
        t.row(p.name(), p.facilities(), p.subscribers(), p.rate(), p.sent(), p.acknowledged(), p.rejected() + p.failed(),
                p.deliveries() + " / " + p.expectedDeliveries(), String.format(Locale.ROOT, "%.0f", p.fanOutPerSecond()),
                p.missed(), p.lost(), p.droppedStreams());
    }

    private void errorsNote(String what, java.util.Map<String, Long> errors) {
        if (!errors.isEmpty()) {
            report.text("Errors in " + what + ": " + errors);
        }
    }

    private void referrals(Http http) throws Exception {
        double rate = options.decimal("referral-rate", 50, 200);
        int places = options.integer("places", 50, 400);
        int facilityCount = options.integer("referral-facilities", 10, 20);
        Duration d = Duration.ofSeconds(options.integer("referral-seconds", 8, 20));
        double caughtUp;
        try (ConsumerLag lag = new ConsumerLag(target.kafkaBootstrap())) {
            log("referrals: waiting for the services' consumers to catch up with the capacity phases");
            caughtUp = lag.awaitCaughtUp(0, 120);
        }
        log("referrals: " + rate + "/s for " + d.toSeconds() + " s against " + places + " places in " + facilityCount + " facilities");
        ServiceView.Window seen = services.start();
        ReferralResult r = new ReferralBench(http, tokens, target.gatewayUrl(), REFERRAL_ARRONDISSEMENT, "bench-ref").run(rate, d, facilityCount, places);
        seen.stop("referrals");
        Table t = new Table("requests/s", "sent", "2xx", "first HELD / WAITLISTED", "HELD after settling (expected)", "no outcome", "POST p50 / p99",
                "POST->outcome p50", "p95", "p99", "max", "overbooked samples", "holds > free at end");
        t.row(rate, r.sent(), r.accepted(), r.held() + " / " + r.waitlisted(),
                String.format(Locale.ROOT, "%d (%d) after %.1f s", r.heldAtEnd(), r.expectedHeld(), r.settleSeconds()), r.noOutcome(),
                Table.ms(r.post().percentileMillis(50)) + " / " + Table.ms(r.post().percentileMillis(99)),
                Table.ms(r.outcome().percentileMillis(50)), Table.ms(r.outcome().percentileMillis(95)),
                Table.ms(r.outcome().percentileMillis(99)), Table.ms(r.outcome().maxMillis()),
                r.overbooked() + " of " + r.samples() + " samples", r.holdsAboveFreeAtEnd());
        report.section("Referrals (POST -> HELD or WAITLISTED on the patrol's stream)").table(t)
                .text(String.format(Locale.ROOT, "%d places over %d facilities of bench arrondissement %s; latencies in ms from each POST's "
                        + "intended send time (open loop). Overbooking sampled every 200 ms from /api/capacity (held > free or free < 0); "
                        + "holds at the end from /api/holds. Every bench referral is cancelled afterwards. Before it started, the "
                        + "services' consumer groups took %s s to catch up with the events of the capacity phases.", places, facilityCount,
                        REFERRAL_ARRONDISSEMENT, Double.isNaN(caughtUp) ? "more than 120" : String.format(Locale.ROOT, "%.1f", caughtUp)));
        errorsNote("referrals", r.errors());
        servicesView("Referrals");
        report.plot(r.outcome());
        targets.add(new String[] {"referrals: p99 <= 100 ms at 200 requests/s",
            String.format(Locale.ROOT, "%s ms at %.0f/s", Table.ms(r.outcome().percentileMillis(99)), rate),
            verdict(rate >= 200 && r.outcome().percentileMillis(99) <= 100 && r.noOutcome() == 0, rate < 200)});
        targets.add(new String[] {"holds never exceed free places", r.overbooked() + " overbooked samples, " + r.holdsAboveFreeAtEnd() + " at the end",
            verdict(r.overbooked() == 0 && r.holdsAboveFreeAtEnd() == 0 && r.heldAtEnd() <= r.expectedHeld())});
        targets.add(new String[] {"every place held while requests wait (HELD after settling = min(places, requests))",
            r.heldAtEnd() + " of " + r.expectedHeld(), verdict(r.heldAtEnd() == r.expectedHeld())});
        ratio("referrals: POST -> HELD/WAITLISTED p50 / Kafka produce->consume p50", r.outcome(), kafkaFloor);
    }

    /** The services' own view of the section's phases, from their /q/metrics, as a section of its own right after it. */
    private void servicesView(String of) {
        if (!services.hasRows()) {
            return;
        }
        report.section(of + ": the services' view (their /q/metrics, before and after each phase)")
                .table(services.routesTable()).table(services.pipelineTable())
                .text("Routes: the busiest three of each service in the phase, by route template, every status counted; p50 and "
                        + "p99 from the services' latency histograms (fixed buckets, interpolated within a bucket, so coarser than "
                        + "the tool's own figures; the gateway's include the forwarding to the service). Events applied: records "
                        + "acknowledged on the service's incoming Kafka channels (the gateway: records applied to its board). "
                        + "Relayed: outbox rows sent and acknowledged by the broker, with the lag from their commit. Backlog and "
                        + "consumer lag (the Kafka client's records-lag-max) at the phase's end. Fanned out: events written to "
                        + "live-board streams, one per reader.");
        services.problems().forEach(p -> report.text("Not read: " + p + "."));
        services.clear();
    }

    private void footprintSection(List<Footprint.Usage> idle, List<Footprint.Usage> loaded) {
        Table t = new Table("process", "idle CPU %", "idle RSS MB", "load CPU %", "load RSS max MB");
        String idleMost = null;
        String loadMost = null;
        long idleMax = 0;
        long loadMax = 0;
        for (Footprint.Usage i : idle) {
            Footprint.Usage l = loaded == null ? null : loaded.stream().filter(u -> u.process().equals(i.process())).findFirst().orElse(null);
            t.row(i.process(), String.format(Locale.ROOT, "%.1f", i.cpuPercent()), mb(i.rssBytes()),
                    l == null ? "n/a" : String.format(Locale.ROOT, "%.1f", l.cpuPercent()), l == null ? "n/a" : mb(l.maxRssBytes()));
            if (Target.serviceNames().contains(i.process())) {
                if (i.maxRssBytes() > idleMax) {
                    idleMax = i.maxRssBytes();
                    idleMost = i.process();
                }
                if (l != null && l.maxRssBytes() > loadMax) {
                    loadMax = l.maxRssBytes();
                    loadMost = l.process();
                }
            }
        }
        String up = options.string("up-seconds", null);
        report.section("Footprint").table(t).text("CPU in % of one core (the machine has " + Runtime.getRuntime().availableProcessors()
                + "); \"idle\" is measured once the services are done with their start-up work ("
                + (idleSettled < 0 ? "they were still busy after the wait" : String.format(Locale.ROOT, "after %.0f s", idleSettled))
                + "), \"load\" is the capacity load phase. PostgreSQL counts every postgres process of the machine by PSS. "
                + "Time for `deploy/relais up` from built jars: " + (up == null ? "not measured (the full run measures it)" : up + " s") + ".");
        targets.add(new String[] {"each service <= 250 MB RSS idle", idleMost + " " + mb(idleMax) + " MB at most",
            verdict(idleMax <= 250L * 1024 * 1024)});
        if (loadMost != null) {
            targets.add(new String[] {"each service <= 300 MB RSS under load", loadMost + " " + mb(loadMax) + " MB at most",
                verdict(loadMax <= 300L * 1024 * 1024)});
        }
        targets.add(new String[] {"platform up <= 30 s from built jars", up == null ? "not measured" : up + " s",
            up == null ? "-" : verdict(Double.parseDouble(up) <= 30)});
    }

    private final List<String[]> ratios = new ArrayList<>();

    private void ratio(String what, Latency platform, Latency floor) {
        if (floor == null || platform.count() == 0) {
            return;
        }
        ratios.add(new String[] {what, Table.ms(platform.percentileMillis(50)), Table.ms(floor.percentileMillis(50)),
            String.format(Locale.ROOT, "%.1fx", platform.percentileMillis(50) / floor.percentileMillis(50))});
    }

    private void ratiosAndTargets() {
        if (!ratios.isEmpty()) {
            Table t = new Table("path", "platform p50 ms", "floor p50 ms", "ratio");
            ratios.forEach(r -> t.row((Object[]) r));
            report.section("Ratios to the floor").table(t);
        }
        if (!targets.isEmpty()) {
            Table t = new Table("target", "measured", "met");
            targets.forEach(r -> t.row((Object[]) r));
            report.section("Targets").table(t).text("\"not at scale\" means this run used smaller figures than the target names "
                    + "(--quick); the full run uses the targets' own.");
        }
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String verdict(boolean met, boolean notAtScale) {
        return notAtScale ? (met ? "yes (smaller scale)" : "not at scale") : verdict(met);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / 1024.0 / 1024.0);
    }

    static void log(String message) {
        System.err.println("bench: " + message);
    }
}
