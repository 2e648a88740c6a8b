package org.relais.capacity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.as;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.testing.DatabaseOutage;
import jakarta.inject.Inject;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.TopicReader;

/**
 * Availability reports that arrive together share a transaction (group commit), yet each caller gets its own answer,
 * a refused report changes nothing, and every accepted one leaves its own history line, event and audit entry, with
 * its own actor. The metric of reports per transaction shows that groups do form under concurrent load.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class GroupCommitIT {

    private static final int FACILITIES = 20;
    private static final int TOTAL = 30;
    private static final String GROUP_SIZE = "relais_capacity_report_group_size";

    @Inject
    EventJson json;

    @Inject
    Pool pool;

    @BeforeAll
    static void databaseIsOpen() {
        DatabaseOutage.restore();
    }

    /** One PUT of the burst and the answer it must get. */
    private record Put(String facilityId, String token, String actor, String body, int expected, int free, int total) {
    }

    @Test
    void concurrentReportsEachGetTheirOwnAnswerAndLeaveExactlyTheirOwnTraces() throws Exception {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            List<String> ids = IntStream.range(0, FACILITIES).mapToObj(i -> registerFacility(TOTAL)).toList();
            // Every facility counted once an hour ago: a report of an earlier moment is late (409) whatever the burst does.
            Instant counted = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            ids.forEach(id -> report(id, "{\"free\": 1, \"asOf\": \"%s\"}".formatted(counted)).statusCode(200)
                    .body("version", equalTo(2)));
            String unknown = newFacilityId();
            List<String> tokenFacilities = new ArrayList<>(ids);
            tokenFacilities.add(unknown);
            List<String> actors = IntStream.range(0, 4).mapToObj(i -> "operator-" + i + "-" + UUID.randomUUID()).toList();
            List<String> tokens = actors.stream().map(actor -> TestTokens.token("operator").subject(actor)
                    .facilities(tokenFacilities.toArray(String[]::new)).sign()).toList();

            List<Put> puts = new ArrayList<>();
            for (String id : ids) {
                for (int j = 0; j < 10; j++) {
                    int a = (puts.size() + j) % actors.size();
                    if (j < 6) {
                        // Accepted: no asOf (now), its own free count, and a total that is its own too.
                        int free = 2 + j * 4 + ids.indexOf(id) % 4;
                        int total = TOTAL + j;
                        puts.add(new Put(id, tokens.get(a), actors.get(a),
                                "{\"free\": %d, \"total\": %d}".formatted(free, total), 200, free, total));
                    } else if (j < 8) {
                        puts.add(new Put(id, tokens.get(a), actors.get(a), "{\"free\": 5, \"asOf\": \"%s\"}"
                                .formatted(counted.minusSeconds(60 * j)), 409, 0, 0));
                    } else {
                        puts.add(new Put(id, tokens.get(a), actors.get(a), "{\"free\": 50, \"total\": 40}", 422, 0, 0));
                    }
                }
            }
            for (int i = 0; i < 5; i++) {
                puts.add(new Put(unknown, tokens.get(i % tokens.size()), actors.get(i % actors.size()),
                        "{\"free\": 1}", 404, 0, 0));
            }
            Collections.shuffle(puts);

            double transactionsBefore = metric(GROUP_SIZE + "_count");
            double reportsBefore = metric(GROUP_SIZE + "_sum");
            List<Response> answers = sendConcurrently(puts);
            double transactions = metric(GROUP_SIZE + "_count") - transactionsBefore;
            double reports = metric(GROUP_SIZE + "_sum") - reportsBefore;

            // Each caller's own answer.
            Map<String, Map<Long, Put>> acceptedByVersion = new HashMap<>();
            for (int i = 0; i < puts.size(); i++) {
                Put put = puts.get(i);
                Response answer = answers.get(i);
                assertEquals(put.expected(), answer.statusCode(), put + " answered " + answer.asString());
                if (put.expected() == 200) {
                    JsonPath body = answer.jsonPath();
                    assertEquals(put.facilityId(), body.getString("facilityId"));
                    assertEquals(put.free(), body.getInt("free"));
                    assertEquals(put.total(), body.getInt("total"));
                    Put twin = acceptedByVersion.computeIfAbsent(put.facilityId(), k -> new HashMap<>())
                            .put(body.getLong("version"), put);
                    assertEquals(null, twin, "two reports answered with the same version");
                } else {
                    assertEquals("application/problem+json", answer.contentType());
                    assertEquals(put.expected(), answer.jsonPath().getInt("status"));
                }
            }
            System.out.printf("group commit: %.0f reports in %.0f transactions%n", reports, transactions);
            assertEquals(puts.size(), reports, 0.0, "every report ran in a group");
            assertTrue(transactions < reports, "no group formed: " + transactions + " transactions for " + reports + " reports");

            for (String id : ids) {
                Map<Long, Put> accepted = acceptedByVersion.get(id);
                // The six accepted reports are versions 3..8, in the order they were applied; the refused changed nothing.
                assertEquals(LongStream.rangeClosed(3, 8).boxed().collect(Collectors.toSet()), accepted.keySet());
                Put last = accepted.get(8L);
                asCoordinator().get("/api/facilities/{id}/availability", id).then().statusCode(200)
                        .body("free", equalTo(last.free())).body("total", equalTo(last.total())).body("version", equalTo(8));
                JsonPath history = asCoordinator().get("/api/facilities/{id}/availability/history", id)
                        .then().statusCode(200).extract().jsonPath();
                assertEquals(List.of(8, 7, 6, 5, 4, 3, 2, 1), history.getList("version", Integer.class));
                for (int v = 3; v <= 8; v++) {
                    Put put = accepted.get((long) v);
                    assertEquals(put.free(), history.getInt("[%d].free".formatted(8 - v)));
                    assertEquals(put.total(), history.getInt("[%d].total".formatted(8 - v)));
                }
                JsonPath audit = asCoordinator().queryParam("facilityId", id).queryParam("limit", 100).get("/api/audit")
                        .then().statusCode(200).extract().jsonPath();
                List<Map<String, Object>> reported = audit.<Map<String, Object>>getList("$").stream()
                        .filter(e -> "AVAILABILITY_REPORTED".equals(e.get("action"))).toList();
                assertEquals(7, reported.size(), "one audit entry per accepted report, none for a refused one");
                for (Map<String, Object> entry : reported) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> after = (Map<String, Object>) entry.get("after");
                    long version = ((Number) after.get("version")).longValue();
                    if (version >= 3) {
                        Put put = accepted.get(version);
                        assertEquals(put.actor(), entry.get("subject"));
                        assertEquals(put.free(), ((Number) after.get("free")).intValue());
                        assertEquals(put.total(), ((Number) after.get("total")).intValue());
                    }
                }
                // One more change ends the facility's events: anything published for the burst is on the topic before it.
                report(id, "{\"free\": 0}").statusCode(200).body("version", equalTo(9));
            }
            for (String id : ids) {
                topic.awaitRecords(id, records -> records.stream()
                        .anyMatch(r -> json.read(r.value(), FacilityStateEvent.class).availability().version() == 9));
            }
            List<FacilityStateEvent> events = topic.values(FacilityStateEvent.class);
            assertTrue(events.stream().noneMatch(e -> unknown.equals(e.facilityId())));
            for (String id : ids) {
                List<FacilityStateEvent> own = events.stream().filter(e -> id.equals(e.facilityId())).toList();
                assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(),
                        own.stream().map(e -> e.availability().version()).toList(), "one event per accepted change");
                assertEquals(own.size(), new HashSet<>(own.stream().map(FacilityStateEvent::eventId).toList()).size());
                Map<Long, Put> accepted = acceptedByVersion.get(id);
                for (FacilityStateEvent event : own.subList(2, 8)) {
                    Put put = accepted.get(event.availability().version());
                    assertEquals(FacilityStateEvent.Type.AVAILABILITY_CHANGED, event.type());
                    assertEquals(put.free(), event.availability().free());
                    assertEquals(put.total(), event.availability().total());
                }
            }
        }
    }

    /** Many reports on one facility at once: groups form, and each report is applied in turn (no gap, no twin). */
    @Test
    void reportsArrivingTogetherShareTransactions() throws Exception {
        String id = registerFacility(100);
        String token = TestTokens.operator(id);
        List<Put> puts = IntStream.range(0, 60)
                .mapToObj(i -> new Put(id, token, null, "{\"free\": %d}".formatted(i), 200, i, 100)).toList();

        double transactionsBefore = metric(GROUP_SIZE + "_count");
        double reportsBefore = metric(GROUP_SIZE + "_sum");
        List<Response> answers = sendConcurrently(puts);
        double transactions = metric(GROUP_SIZE + "_count") - transactionsBefore;
        double reports = metric(GROUP_SIZE + "_sum") - reportsBefore;

        Map<Long, Integer> freeByVersion = new HashMap<>();
        for (int i = 0; i < puts.size(); i++) {
            assertEquals(200, answers.get(i).statusCode(), answers.get(i).asString());
            assertEquals(puts.get(i).free(), answers.get(i).jsonPath().getInt("free"));
            freeByVersion.put(answers.get(i).jsonPath().getLong("version"), puts.get(i).free());
        }
        assertEquals(LongStream.rangeClosed(2, 61).boxed().collect(Collectors.toSet()), freeByVersion.keySet());
        asCoordinator().get("/api/facilities/{id}/availability", id).then().statusCode(200)
                .body("version", equalTo(61)).body("free", equalTo(freeByVersion.get(61L)));
        System.out.printf("group commit, one facility: %.0f reports in %.0f transactions%n", reports, transactions);
        assertEquals(puts.size(), reports, 0.0);
        assertTrue(transactions < reports, "no group formed: " + transactions + " transactions for " + reports + " reports");
    }

    /**
     * A database failure in the middle of a group (a trigger refuses the history line of one facility, as a lost
     * connection, SQLSTATE 08006, which the service answers 503) fails every report of that group with 503 and stores nothing of it, not even the reports applied before it in the group;
     * the other groups commit as usual.
     */
    @Test
    void aDatabaseFailureFailsItsWholeGroupAndStoresNothingOfIt() throws Exception {
        String failing = registerFacility(TOTAL);
        List<String> ids = new ArrayList<>(IntStream.range(0, 5).mapToObj(i -> registerFacility(TOTAL)).toList());
        ids.add(failing);
        String token = TestTokens.operator(ids.toArray(String[]::new));
        List<Put> puts = new ArrayList<>();
        for (String id : ids) {
            for (int j = 0; j < 10; j++) {
                puts.add(new Put(id, token, null, "{\"free\": %d}".formatted(j), 200, j, TOTAL));
            }
        }
        Collections.shuffle(puts);
        String refusal = "test_refuse_" + UUID.randomUUID().toString().replace("-", "");
        sql("CREATE FUNCTION " + refusal + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.facility_id = '" + failing + "' THEN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '08006';"
                + " END IF; RETURN NEW; END $$");
        List<Response> answers;
        try {
            sql("CREATE TRIGGER " + refusal + " BEFORE INSERT ON availability_history FOR EACH ROW EXECUTE FUNCTION "
                    + refusal + "()");
            answers = sendConcurrently(puts);
        } finally {
            sql("DROP TRIGGER IF EXISTS " + refusal + " ON availability_history");
            sql("DROP FUNCTION IF EXISTS " + refusal + "()");
        }

        Map<String, Map<Long, Integer>> freeByVersion = new HashMap<>();
        int othersFailed = 0;
        for (int i = 0; i < puts.size(); i++) {
            Put put = puts.get(i);
            Response answer = answers.get(i);
            if (put.facilityId().equals(failing) || answer.statusCode() != 200) {
                assertEquals(503, answer.statusCode(), answer.asString());
                assertTrue(answer.header("Retry-After") != null);
                othersFailed += put.facilityId().equals(failing) ? 0 : 1;
            } else {
                assertEquals(put.free(), answer.jsonPath().getInt("free"));
                freeByVersion.computeIfAbsent(put.facilityId(), k -> new HashMap<>())
                        .put(answer.jsonPath().getLong("version"), put.free());
            }
        }
        System.out.printf("group commit: %d reports failed with the group of a failing one%n", othersFailed);
        for (String id : ids) {
            Map<Long, Integer> accepted = freeByVersion.getOrDefault(id, Map.of());
            // Only what was answered 200 is stored: versions 2.. without a gap, the history and audit line for each.
            int last = 1 + accepted.size();
            assertEquals(LongStream.rangeClosed(2, last).boxed().collect(Collectors.toSet()), accepted.keySet());
            JsonPath history = asCoordinator().get("/api/facilities/{id}/availability/history", id)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(IntStream.iterate(last, v -> v >= 1, v -> v - 1).boxed().toList(),
                    history.getList("version", Integer.class));
            for (int v = 2; v <= last; v++) {
                assertEquals(accepted.get((long) v), history.getInt("[%d].free".formatted(last - v)));
            }
            List<Object> audited = asCoordinator().queryParam("facilityId", id).queryParam("limit", 100).get("/api/audit")
                    .then().statusCode(200).extract().jsonPath().<Object>getList("findAll { it.action == 'AVAILABILITY_REPORTED' }");
            assertEquals(accepted.size(), audited.size());
        }
        assertTrue(freeByVersion.get(failing) == null);
        // Without the trigger the facility takes reports again.
        report(failing, "{\"free\": 4}").statusCode(200).body("version", equalTo(2));
    }

    /**
     * While the database is away every report of every group fails and nothing is stored; afterwards reports are
     * applied again (the grouping did not stall). Only "5xx": a connection refused with SQLSTATE 55000 (database not
     * accepting connections) is not classified as 503 by the shared failure mapping, with or without grouping.
     */
    @Test
    void aDatabaseOutageFailsEveryReportAndTheGroupsRecover() throws Exception {
        String id = registerFacility(10);
        report(id, "{\"free\": 3}").statusCode(200);
        String token = TestTokens.operator(id);
        List<Put> puts = IntStream.range(0, 20)
                .mapToObj(i -> new Put(id, token, null, "{\"free\": %d}".formatted(i % 10), 200, i % 10, 10)).toList();
        List<Response> answers;
        try (DatabaseOutage outage = DatabaseOutage.begin()) {
            answers = sendConcurrently(puts);
        }
        System.out.println("group commit during an outage: " + answers.stream().map(Response::statusCode).distinct().toList());
        answers.forEach(answer -> assertTrue(answer.statusCode() >= 500, answer.asString()));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> report(id, "{\"free\": 7}").extract().statusCode() == 200);
        asCoordinator().get("/api/facilities/{id}/availability/history", id).then().statusCode(200)
                .body("version", contains(3, 2, 1))
                .body("free", contains(7, 3, 0));
    }

    /** Sends every PUT from 32 threads at once; the answers in the order of {@code puts}. */
    private static List<Response> sendConcurrently(List<Put> puts) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (Put put : puts) {
                futures.add(callers.submit(() -> as(put.token()).contentType(ContentType.JSON).body(put.body())
                        .put("/api/facilities/{id}/availability", put.facilityId()).andReturn()));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            callers.shutdownNow();
        }
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    /** A value of this service's Prometheus metrics (0 before it exists). */
    private static double metric(String name) {
        String metrics = asAdmin().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
