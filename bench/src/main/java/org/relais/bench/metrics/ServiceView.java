package org.relais.bench.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.relais.bench.cli.Target;
import org.relais.bench.http.Http;
import org.relais.bench.http.Tokens;
import org.relais.bench.report.Table;

/**
 * The services' own view of a phase, from their /q/metrics (an admin token reads it) scraped before and after: per
 * service the busiest routes with their request count and p50/p99 from the latency histogram's buckets, the events
 * applied from Kafka, the events relayed by the outbox and their relay lag, what is left in the outbox and the consumers'
 * lag at the end, and the live-board events the gateway fanned out. Put next to the load tool's own figures.
 */
public final class ServiceView {

    /** Routes shown per service and phase, the busiest first. */
    private static final int ROUTES = 3;

    private final Http http;
    private final Map<String, String> headers;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final List<Object[]> routeRows = new ArrayList<>();
    private final List<Object[]> pipelineRows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public ServiceView(Http http, Tokens tokens, Target target) {
        this.http = http;
        Map<String, String> scrape = new LinkedHashMap<>(tokens.admin("bench-metrics"));
        // The Prometheus text format: /q/metrics answers 406 to the tool's default Accept (JSON).
        scrape.put("Accept", "text/plain");
        this.headers = Map.copyOf(scrape);
        for (String service : Target.serviceNames()) {
            try {
                urls.put(service, target.serviceUrl(service) + "/q/metrics");
            } catch (IllegalArgumentException e) {
                // Not passed by the launcher: left out of the view.
            }
        }
    }

    /** What each service says now; a service that does not answer has an empty scrape (and a note). */
    public Map<String, Prometheus> scrape() {
        Map<String, Prometheus> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : urls.entrySet()) {
            out.put(e.getKey(), scrape(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Prometheus scrape(String service, String url) {
        try {
            Http.Response r = http.get(url, headers).get(10, TimeUnit.SECONDS);
            if (r.ok()) {
                return Prometheus.parse(r.body());
            }
            note(service + ": /q/metrics answered " + r.status() + (r.status() == 401 || r.status() == 403
                    ? " (it needs an admin token: the launcher's key pair in deploy/.state/keys)" : ""));
        } catch (Exception e) {
            note(service + ": /q/metrics not read (" + e.getClass().getSimpleName() + ")");
        }
        return Prometheus.empty();
    }

    private void note(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** A phase's window: scraped at its start, closed with {@link #stop}. */
    public final class Window {
        private final Map<String, Prometheus> before = scrape();
        private final long started = System.nanoTime();

        /** Scrapes again and adds the phase's rows. */
        public void stop(String phase) {
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Prometheus> after = scrape();
            for (Map.Entry<String, Prometheus> e : after.entrySet()) {
                Prometheus end = e.getValue();
                if (end.isEmpty()) {
                    continue;
                }
                Prometheus delta = end.minus(before.getOrDefault(e.getKey(), Prometheus.empty()));
                rows(phase, e.getKey(), end, delta, seconds);
            }
        }
    }

    public Window start() {
        return new Window();
    }

    void rows(String phase, String service, Prometheus end, Prometheus delta, double seconds) {
        for (Route route : routes(delta)) {
            routeRows.add(new Object[] {phase, service, route.method() + " " + route.uri(), (double) Math.round(route.count()),
                rate(route.count(), seconds), Table.ms(route.p50() * 1000), Table.ms(route.p99() * 1000)});
        }
        double applied = service.equals("gateway") ? delta.sum("relais_live_events_applied_total")
                : delta.sum("relais_events_applied_total");
        double relayed = delta.sum("relais_outbox_relay_lag_seconds_count");
        var lag = delta.buckets("relais_outbox_relay_lag_seconds", s -> true);
        double fanned = delta.sum("relais_capacity_stream_events_total");
        pipelineRows.add(new Object[] {phase, service, count(applied, seconds), count(relayed, seconds),
            Double.isNaN(relayed) ? "" : Table.ms(Prometheus.quantile(lag, 0.5) * 1000) + " / "
                    + Table.ms(Prometheus.quantile(lag, 0.99) * 1000),
            end.sum("relais_outbox_backlog"), end.max("kafka_consumer_fetch_manager_records_lag_max"),
            count(fanned, seconds)});
    }

    record Route(String method, String uri, double count, double p50, double p99) {
    }

    /** The busiest routes of a window (request count over every status), with quantiles from their buckets. */
    static List<Route> routes(Prometheus delta) {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Prometheus.Sample s : delta.samples()) {
            if (s.name().equals("http_server_requests_seconds_count") && s.value() > 0) {
                counts.merge(s.label("method") + " " + s.label("uri"), s.value(), Double::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(ROUTES)
                .map(e -> {
                    String[] mu = e.getKey().split(" ", 2);
                    Predicate<Prometheus.Sample> same = s -> s.label("method").equals(mu[0]) && s.label("uri").equals(mu[1]);
                    var buckets = delta.buckets("http_server_requests_seconds", same);
                    return new Route(mu[0], mu[1], e.getValue(), Prometheus.quantile(buckets, 0.5),
                            Prometheus.quantile(buckets, 0.99));
                })
                .toList();
    }

    private static String rate(double count, double seconds) {
        return seconds > 0 ? String.format(Locale.ROOT, "%.1f", count / seconds) : "n/a";
    }

    private static String count(double count, double seconds) {
        if (Double.isNaN(count)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.0f (%s/s)", count, rate(count, seconds));
    }

    public boolean hasRows() {
        return !routeRows.isEmpty() || !pipelineRows.isEmpty() || !problems.isEmpty();
    }

    public Table routesTable() {
        Table t = new Table("phase", "service", "route", "requests", "per s", "p50 ms", "p99 ms");
        routeRows.forEach(r -> t.row(r));
        return t;
    }

    public Table pipelineTable() {
        Table t = new Table("phase", "service", "events applied", "events relayed (outbox)", "relay lag p50 / p99 ms",
                "outbox backlog at end", "consumer lag max at end", "live-board events fanned out");
        pipelineRows.forEach(r -> t.row(r));
        return t;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Starts the next section's rows afresh. */
    public void clear() {
        routeRows.clear();
        pipelineRows.clear();
        problems.clear();
    }
}
