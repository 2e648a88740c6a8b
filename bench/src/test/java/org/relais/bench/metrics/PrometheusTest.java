package org.relais.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class PrometheusTest {

    private static final String BEFORE = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="0.01"} 0.0
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="0.1"} 2.0
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="+Inf"} 2.0
            http_server_requests_seconds_count{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability"} 2.0
            relais_events_applied_total{channel="referral-status"} 5.0
            relais_outbox_backlog 3.0
            """;

    private static final String AFTER = """
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="0.01"} 50.0
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="0.1"} 100.0
            http_server_requests_seconds_bucket{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability",le="+Inf"} 102.0
            http_server_requests_seconds_count{method="PUT",outcome="SUCCESS",status="200",uri="/api/facilities/{id}/availability"} 102.0
            http_server_requests_seconds_bucket{method="PUT",outcome="CLIENT_ERROR",status="409",uri="/api/facilities/{id}/availability",le="0.01"} 10.0
            http_server_requests_seconds_bucket{method="PUT",outcome="CLIENT_ERROR",status="409",uri="/api/facilities/{id}/availability",le="0.1"} 10.0
            http_server_requests_seconds_bucket{method="PUT",outcome="CLIENT_ERROR",status="409",uri="/api/facilities/{id}/availability",le="+Inf"} 10.0
            http_server_requests_seconds_count{method="PUT",outcome="CLIENT_ERROR",status="409",uri="/api/facilities/{id}/availability"} 10.0
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/api/holds"} 1.0
            relais_events_applied_total{channel="referral-status"} 25.0
            relais_events_applied_total{channel="facility-state"} 7.0
            relais_outbox_backlog 0.0
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-a",kafka_version="4.1.2"} 4.0
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-b",kafka_version="4.1.2"} NaN
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-c",kafka_version="4.1.2"} 9.0
            """;

    @Test
    void readsNamesLabelsAndValuesWithBracesAndEscapesInLabelValues() {
        Prometheus p = Prometheus.parse("""
                # TYPE x counter
                x_total{uri="/api/facilities/{id}",note="a \\"quoted\\" \\\\ value",} 3.5e1 1700000000000
                up 1
                bad{unterminated="x 1
                inf_bucket{le="+Inf"} +Inf
                """);
        List<Prometheus.Sample> samples = p.samples();
        assertEquals(3, samples.size());
        assertEquals("x_total", samples.get(0).name());
        assertEquals("/api/facilities/{id}", samples.get(0).label("uri"));
        assertEquals("a \"quoted\" \\ value", samples.get(0).label("note"));
        assertEquals(35.0, samples.get(0).value());
        assertEquals(1.0, p.sum("up"));
        assertEquals(Double.POSITIVE_INFINITY, samples.get(2).value());
        assertTrue(Double.isNaN(p.sum("missing")));
        assertNull(Prometheus.parseLine("{no=\"name\"} 1"));
    }

    @Test
    void theDifferenceOfTwoScrapesIsWhatHappenedBetween() {
        Prometheus delta = Prometheus.parse(AFTER).minus(Prometheus.parse(BEFORE));
        assertEquals(27.0, delta.sum("relais_events_applied_total"));
        assertEquals(7.0, delta.sum("relais_events_applied_total", s -> s.label("channel").equals("facility-state")));
        // A series new since the first scrape counts from zero.
        assertEquals(10.0, delta.sum("http_server_requests_seconds_count", s -> s.label("status").equals("409")));
        assertEquals(100.0, delta.sum("http_server_requests_seconds_count",
                s -> s.label("status").equals("200") && s.label("method").equals("PUT")));
        // A gauge is read from the last scrape, and a counter that went down (a restart) counts from its restart.
        assertEquals(0.0, Prometheus.parse(AFTER).sum("relais_outbox_backlog"));
        assertEquals(9.0, Prometheus.parse(AFTER).max("kafka_consumer_fetch_manager_records_lag_max"));
        Prometheus restarted = Prometheus.parse("c_total 2").minus(Prometheus.parse("c_total 40"));
        assertEquals(2.0, restarted.sum("c_total"));
    }

    @Test
    void quantilesInterpolateWithinTheirBucketAsHistogramQuantileDoes() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.01, 50.0);
        buckets.put(0.1, 100.0);
        buckets.put(Double.POSITIVE_INFINITY, 100.0);
        assertEquals(0.01, Prometheus.quantile(buckets, 0.5), 1e-9);
        assertEquals(0.005, Prometheus.quantile(buckets, 0.25), 1e-9);
        assertEquals(0.0982, Prometheus.quantile(buckets, 0.99), 1e-9);
        // Beyond the last finite bound: that bound, as Prometheus answers.
        buckets.put(Double.POSITIVE_INFINITY, 200.0);
        assertEquals(0.1, Prometheus.quantile(buckets, 0.99), 1e-9);
        assertTrue(Double.isNaN(Prometheus.quantile(new TreeMap<>(), 0.99)));
    }

    @Test
    void theBusiestRoutesComeFirstWithTheirQuantilesOverEveryStatus() {
        Prometheus delta = Prometheus.parse(AFTER).minus(Prometheus.parse(BEFORE));
        List<ServiceView.Route> routes = ServiceView.routes(delta);
        assertEquals(2, routes.size());
        ServiceView.Route put = routes.get(0);
        assertEquals("PUT", put.method());
        assertEquals("/api/facilities/{id}/availability", put.uri());
        assertEquals(110.0, put.count());
        // 60 of 110 within 10 ms (50 + the 409s), 108 within 100 ms.
        assertEquals(0.01 * 55 / 60, put.p50(), 1e-9);
        assertEquals("/api/holds", routes.get(1).uri());
        assertTrue(Double.isNaN(routes.get(1).p99()));
    }
}
