package org.relais.bench.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.relais.bench.cli.Target;
import org.relais.bench.http.Http;

/**
 * Polls every service's health: {@code /q/health/ready} (may it take traffic?) or {@code /q/health} (every check,
 * the Kafka channels' wellness included).
 */
public final class Readiness {

    public static final String READY = "/q/health/ready";
    public static final String HEALTHY = "/q/health";

    private final Http http;
    private final Target target;
    /** How long an answer is waited for: longer than that, the service counts as not ready. */
    private final double probeSeconds;

    public Readiness(Http http, Target target) {
        this(http, target, 3);
    }

    public Readiness(Http http, Target target, double probeSeconds) {
        this.http = http;
        this.target = target;
        this.probeSeconds = probeSeconds;
    }

    public Map<String, Boolean> now() {
        return now(READY);
    }

    private Map<String, Boolean> now(String path) {
        Map<String, Boolean> ready = new LinkedHashMap<>();
        probe(path).forEach((service, p) -> ready.put(service, p.response().status() == 200));
        return ready;
    }

    /** One probe's answer and how long it took to come (the wait, when none came). */
    private record Probe(Http.Response response, double seconds) {
    }

    /** Each service's answer on {@code path}; status 0 when none came (the error says why, "timeout" after the wait). */
    private Map<String, Probe> probe(String path) {
        Map<String, CompletableFuture<Probe>> pending = new LinkedHashMap<>();
        for (String service : Target.serviceNames()) {
            String url = target.serviceUrl(service) + path;
            long start = System.nanoTime();
            // A probe whose connection closed under it is sent again once, as browsers and HTTP clients resend an
            // idempotent request: a service that is really not ready answers so the second time too.
            pending.put(service, http.get(url).thenCompose(r -> r.status() == 0 && closedUnder(r.error())
                    ? http.get(url) : CompletableFuture.completedFuture(r))
                    .thenApply(r -> new Probe(r, (System.nanoTime() - start) / 1e9)));
        }
        Map<String, Probe> answers = new LinkedHashMap<>();
        pending.forEach((service, f) -> answers.put(service, f.completeOnTimeout(new Probe(new Http.Response(0, "", null,
                "no answer within " + probeSeconds + " s"), probeSeconds), (long) (probeSeconds * 1000), TimeUnit.MILLISECONDS).join()));
        return answers;
    }

    static boolean closedUnder(String error) {
        return error != null && (error.contains("Connection was closed") || error.contains("Connection reset"));
    }

    /** Seconds until every service answers ready, polling every 200 ms; NaN when not within {@code timeoutSeconds}. */
    public double awaitAll(double timeoutSeconds) throws InterruptedException {
        return awaitAll(READY, timeoutSeconds);
    }

    /** Seconds until every service answers UP on {@code path}, polling every 200 ms; NaN when not in time. */
    public double awaitAll(String path, double timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (now(path).values().stream().allMatch(Boolean::booleanValue)) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(200);
        }
        return Double.NaN;
    }

    private static String brief(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** Watches in the background which services report not ready, until {@link Watch#stop()}. */
    public Watch watch() {
        return new Watch();
    }

    public final class Watch {
        private final Map<String, Boolean> sawNotReady = new ConcurrentHashMap<>();
        /** The longest a probe waited for its answer, whatever it was: slow is not down, but it is shown. */
        private volatile double slowestSeconds;
        private volatile boolean running = true;
        private final Thread thread;

        private Watch() {
            Target.serviceNames().forEach(s -> sawNotReady.put(s, false));
            thread = new Thread(() -> {
                while (running) {
                    probe(READY).forEach((service, p) -> {
                        Http.Response r = p.response();
                        slowestSeconds = Math.max(slowestSeconds, p.seconds());
                        if (r.status() != 200 && !sawNotReady.put(service, true)) {
                            // The first time only: why, for the run's log (an answer such as 503, or none).
                            ChaosRun.log(service + " not ready at " + target.serviceUrl(service) + ": "
                                    + (r.status() == 0 ? r.error() : "HTTP " + r.status() + " " + brief(r.body())));
                        }
                    });
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "readiness-watch");
            thread.setDaemon(true);
            thread.start();
        }

        public Map<String, Boolean> stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
            Map<String, Boolean> result = new LinkedHashMap<>();
            for (String s : List.copyOf(Target.serviceNames())) {
                result.put(s, sawNotReady.get(s));
            }
            return result;
        }

        /** After {@link #stop()}: the longest wait of one probe for its answer (or for nothing, up to the probe's wait). */
        public double slowestSeconds() {
            return slowestSeconds;
        }
    }
}
