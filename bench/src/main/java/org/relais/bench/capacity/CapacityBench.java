package org.relais.bench.capacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

import org.relais.bench.http.Http;
import org.relais.bench.http.JsonFields;
import org.relais.bench.http.Tokens;
import org.relais.bench.load.Latency;
import org.relais.bench.load.OpenLoop;

/**
 * Operators updating availability through the gateway at a fixed rate while SSE subscribers watch
 * /api/capacity/stream; every update is followed to every subscriber that should see it.
 */
public final class CapacityBench {

    private static final int MAX_IN_FLIGHT = 20_000;
    /** Streams opened per coordinator subject: within the gateway's cap on open streams per subject (10), as people watch. */
    private static final int WATCHERS_PER_SUBJECT = 5;

    private final Http http;
    private final Tokens tokens;
    private final String gateway;
    private final BenchFacilities facilities;
    private final AtomicIntegerArray nextFree;

    public CapacityBench(Http http, Tokens tokens, String gateway, BenchFacilities facilities) {
        this.http = http;
        this.tokens = tokens;
        this.gateway = gateway;
        this.facilities = facilities;
        this.nextFree = new AtomicIntegerArray(facilities.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < facilities.size(); i++) {
            nextFree.set(i, random.nextInt(BenchFacilities.TOTAL_PLACES));
        }
    }

    /** A set of open subscribers and how long each took to get its snapshot. */
    public final class Subscribers implements AutoCloseable {
        final List<Subscriber> open = new ArrayList<>();
        final Latency snapshot;
        int failed;
        volatile String firstError;

        Subscribers(String name) {
            snapshot = new Latency(name + ": stream opened -> snapshot");
        }

        public int size() {
            return open.size();
        }

        public int failed() {
            return failed;
        }

        public String firstError() {
            return firstError;
        }

        @Override
        public void close() {
            open.forEach(Subscriber::close);
        }
    }

    /**
     * Opens {@code count} streams, at most {@code concurrency} connecting at once; subscriber i watches
     * {@code arrondissementOf.apply(i)} (null = every arrondissement).
     */
    public Subscribers subscribe(String name, int count, IntFunction<String> arrondissementOf, int concurrency) throws InterruptedException {
        Subscribers set = new Subscribers(name);
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        List<Subscriber> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            String arr = arrondissementOf.apply(i);
            Subscriber s = new Subscriber(arr, facilities);
            all.add(s);
            String url = gateway + "/api/capacity/stream" + (arr == null ? "" : "?arrondissement=" + arr);
            // A coordinator per few streams: many watchers, none of them one giant client.
            CompletableFuture<Long> ready = http.stream(url, tokens.coordinator(name + "-watcher-" + i / WATCHERS_PER_SUBJECT), s)
                    .thenCompose(stream -> {
                        s.stream = stream;
                        return s.snapshot;
                    })
                    .orTimeout(60, TimeUnit.SECONDS);
            pending.add(ready.whenComplete((nanos, e) -> {
                permits.release();
                if (e == null) {
                    set.snapshot.recordNanos(nanos);
                } else if (set.firstError == null) {
                    set.firstError = String.valueOf(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        for (int i = 0; i < all.size(); i++) {
            Subscriber s = all.get(i);
            if (s.snapshot.isDone() && !s.snapshot.isCompletedExceptionally() && !s.closed) {
                set.open.add(s);
            } else {
                set.failed++;
                s.close();
            }
        }
        return set;
    }

    /** Runs one open-loop phase: {@code rate} updates/s spread round-robin over {@code targets}. */
    public PhaseResult run(String name, double rate, Duration duration, int[] targets, Subscribers subscribers) throws InterruptedException {
        UpdatePhase phase = new UpdatePhase(name, facilities.size());
        long droppedBefore = Subscriber.DROPPED.get();
        subscribers.open.forEach(s -> s.phase = phase);
        int[] order = targets.clone();
        shuffle(order);
        long start = System.nanoTime();
        long[] i = {0};
        new OpenLoop().run(rate, duration, intended -> {
            int facility = order[(int) (i[0]++ % order.length)];
            send(phase, facility, intended);
        }, () -> phase.inFlight.get() > MAX_IN_FLIGHT);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitAnswers(phase);
        awaitDeliveries(phase, subscribers);
        subscribers.open.forEach(s -> s.phase = null);
        return result(phase, order.length, subscribers, rate, seconds, Subscriber.DROPPED.get() - droppedBefore);
    }

    private void send(UpdatePhase phase, int facility, long intended) {
        int free = 1 + nextFree.getAndUpdate(facility, f -> (f + 1) % BenchFacilities.TOTAL_PLACES);
        UpdatePhase.Update update = phase.sent(facility, free, intended);
        String url = gateway + "/api/facilities/" + facilities.id(facility) + "/availability";
        http.put(url, "{\"free\":" + free + ",\"total\":" + BenchFacilities.TOTAL_PLACES + "}", facilities.operator(facility))
                .thenAccept(r -> phase.answered(update, r.status(), r.ok() ? JsonFields.getLong(r.body(), "version", 0) : 0, r.error()));
    }

    private static void awaitAnswers(UpdatePhase phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (phase.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Waits until every expected event arrived, or none arrived for a second (at most 15 s). */
    private void awaitDeliveries(UpdatePhase phase, Subscribers subscribers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long expected = expectedDeliveries(phase, subscribers);
        while (System.nanoTime() < deadline) {
            if (phase.deliveries.get() >= expected) {
                return;
            }
            if (System.nanoTime() - phase.lastDeliveryNanos > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private long expectedDeliveries(UpdatePhase phase, Subscribers subscribers) {
        long expected = 0;
        for (UpdatePhase.Update u : phase.updates()) {
            if (u.acknowledged) {
                expected += watchers(u.facility, subscribers);
            }
        }
        return expected;
    }

    private static int watchers(int facility, Subscribers subscribers) {
        int n = 0;
        for (Subscriber s : subscribers.open) {
            if (s.watches(facility)) {
                n++;
            }
        }
        return n;
    }

    private PhaseResult result(UpdatePhase phase, int targetCount, Subscribers subscribers, double rate, double seconds, long dropped) {
        long expected = 0;
        long missed = 0;
        Map<Integer, Integer> watchersOf = new java.util.HashMap<>();
        for (UpdatePhase.Update u : phase.updates()) {
            if (!u.acknowledged) {
                continue;
            }
            int w = watchersOf.computeIfAbsent(u.facility, f -> watchers(f, subscribers));
            expected += w;
            missed += Math.max(0, w - u.delivered.get());
        }
        List<Integer> updated = new ArrayList<>();
        for (int f = 0; f < facilities.size(); f++) {
            if (phase.ackedVersion.get(f) > 0) {
                updated.add(f);
            }
        }
        long lost = 0;
        for (Subscriber s : subscribers.open) {
            for (int f : updated) {
                if (s.watches(f) && s.lastVersion(f) < phase.ackedVersion.get(f)) {
                    lost++;
                }
            }
        }
        Map<String, Long> errors = new TreeMap<>();
        phase.errors.forEach((k, v) -> errors.put(k, v.get()));
        return new PhaseResult(phase.name, targetCount, subscribers.size(), rate, seconds, phase.sentCount(),
                phase.acknowledged.get(), phase.rejected.get(), phase.failed.get(), expected, phase.deliveries.get(),
                missed, lost, dropped, phase.put, phase.endToEnd, phase.propagation, subscribers.snapshot, errors);
    }

    private static void shuffle(int[] a) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
