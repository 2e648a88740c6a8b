package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.events.OpeningSpan;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatus;
import org.relais.referral.domain.Night;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;

/**
 * The daily record of a past night, built from facility states published to the real topic (with their own past times)
 * and from referral steps in the transition history: every figure as expected, the same rows when computed again, the
 * CSV equal to the JSON, bad parameters and foreign roles refused. A night 20 days back belongs to this test alone (the
 * other tests of the JVM act now), so every row of it is asserted whole.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class DailyHistoryIT {

    private static final String PROBLEM = "application/problem+json";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String LONG_STAY = FacilityKind.LONG_STAY_HOUSING.name();
    private static final String REST_ROOM = FacilityKind.REST_ROOM.name();

    @Test
    void aPastNightIsCountedAsItHappenedAndTheSameEachTime() throws Exception {
        LocalDate day = Night.containing(Instant.now(), PARIS, LocalTime.NOON).day().minusDays(20);
        LocalDate next = day.plusDays(1);
        String tag = UUID.randomUUID().toString().substring(0, 8);

        // 75018, long stay: A always open, 10 places, reports every 2 h (overdue 23:00-01:00 and 03:00-05:00);
        // B open 20:00-08:00 every day, 6 places; D closed; E registered at 23:00 (after 22:00), 3 places.
        // 75018, rest room: C open 22:00-02:00 only (no night coverage), 5 places.
        Facility a = facility("a-" + tag, FacilityKind.LONG_STAY_HOUSING, List.of(), Duration.ofHours(2), true);
        Facility b = facility("b-" + tag, FacilityKind.LONG_STAY_HOUSING, everyDay(LocalTime.of(20, 0), LocalTime.of(8, 0)),
                Duration.ofHours(24), true);
        Facility c = facility("c-" + tag, FacilityKind.REST_ROOM, everyDay(LocalTime.of(22, 0), LocalTime.of(2, 0)),
                Duration.ofHours(24), true);
        Facility d = facility("d-" + tag, FacilityKind.LONG_STAY_HOUSING, List.of(), Duration.ofHours(24), false);
        Facility e = facility("e-" + tag, FacilityKind.LONG_STAY_HOUSING, List.of(), Duration.ofHours(24), true);
        try (EventProducer kafka = new EventProducer()) {
            FacilityStateEvent a2 = state(a, 3, 10, at(day, 21, 0), 2);
            FacilityStateEvent a3 = state(a, 1, 10, at(next, 1, 0), 3);
            kafka.publish(state(a, 4, 10, at(day, 14, 0), 1));
            kafka.publish(a2);
            kafka.publish(a2); // delivered twice: one sample
            kafka.publish(a3);
            kafka.publish(new FacilityStateEvent(UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION,
                    FacilityStateEvent.Type.STATE_REPUBLISHED, at(next, 3, 30), a.id(), a, a3.availability(), null));
            kafka.publish(state(a, 2, 10, at(next, 5, 0), 4));
            kafka.publish(state(b, 6, 6, at(day, 18, 0), 1));
            kafka.publish(state(c, 5, 5, at(day, 12, 30), 1));
            kafka.publish(state(d, 8, 8, at(day, 13, 0), 1));
            kafka.publish(state(e, 3, 3, at(day, 23, 0), 1));
            // The next afternoon every one of them closes: no place of this test stays offered to other tests.
            for (Facility facility : List.of(a, b, c, d, e)) {
                long version = facility == a ? 5 : 2;
                kafka.publish(state(closed(facility), 0, 0, at(next, 13, 0), version));
            }
            kafka.flush();
        }
        // Each facility's records are in order on its partition: once its last one is sampled, all of them were seen.
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> {
            for (Facility facility : List.of(a, b, c, d, e)) {
                assertTrue(samples(facility.id()).contains(facility == a ? 5L : 2L), "last state of " + facility.id());
            }
        });
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), samples(a.id()), "a redelivered or republished state adds no sample");

        String off = RelaisKafka.freshArrondissement();
        List<Object[]> steps = new ArrayList<>();
        // Long stay in 75018 (held at A, or asked for and never held).
        referral(steps, "r1-" + tag, "75018", LONG_STAY, at(day, 22, 0),
                step("HELD", a, null, at(day, 22, 5)), step("ARRIVED", a, null, at(day, 22, 35)));
        referral(steps, "r2-" + tag, "75018", LONG_STAY, at(day, 23, 0), step("WAITLISTED", null, null, at(day, 23, 0)),
                step("HELD", a, null, at(day, 23, 20)), step("DECLINED", a, "NO_PLACE", at(day, 23, 40)));
        referral(steps, "r3-" + tag, "75018", LONG_STAY, at(next, 1, 0),
                step("HELD", a, null, at(next, 1, 1)), step("EXPIRED", a, null, at(next, 2, 1)));
        referral(steps, "r4-" + tag, "75018", LONG_STAY, at(next, 2, 0),
                step("HELD", a, null, at(next, 2, 10)), step("CANCELLED", a, null, at(next, 2, 20)));
        referral(steps, "r5-" + tag, "75018", LONG_STAY, at(next, 3, 0),
                step("WAITLISTED", null, null, at(next, 3, 0)), step("EXPIRED", null, null, at(next, 9, 0)));
        referral(steps, "r6-" + tag, "75018", LONG_STAY, at(next, 4, 0),
                step("WAITLISTED", null, null, at(next, 4, 0)), step("CANCELLED", null, null, at(next, 4, 30)));
        // Asked for an emergency shelter, held (and arrived) at a long-stay place: counted under long stay.
        referral(steps, "r7-" + tag, "75018", FacilityKind.EMERGENCY_SHELTER.name(), at(day, 21, 0),
                step("HELD", a, null, at(day, 21, 10)), step("ARRIVED", a, null, at(day, 21, 40)));
        // Held at A, withdrawn, held again at the rest room C where the person arrived: counted under rest room.
        referral(steps, "r12-" + tag, "75018", FacilityKind.EMERGENCY_SHELTER.name(), at(day, 22, 30),
                step("HELD", a, null, at(day, 22, 31)), step("WAITLISTED", null, "PLACE_WITHDRAWN", at(day, 22, 50)),
                step("HELD", c, null, at(day, 22, 52)), step("ARRIVED", c, null, at(day, 23, 0)));
        // Requested for 75019: that arrondissement's row, wherever the place was.
        referral(steps, "r10-" + tag, "75019", LONG_STAY, at(day, 20, 0), step("HELD", a, null, at(day, 20, 1)));
        // Other nights, and an area off the board: in no row of this night.
        referral(steps, "r8-" + tag, "75018", LONG_STAY, at(next, 12, 30), step("HELD", a, null, at(next, 12, 31)));
        referral(steps, "r9-" + tag, "75018", LONG_STAY, at(day, 11, 0), step("HELD", a, null, at(day, 11, 1)));
        referral(steps, "r11-" + tag, off, LONG_STAY, at(day, 22, 0), step("HELD", a, null, at(day, 22, 1)));
        insertTransitions(steps);

        JsonPath computed = As.coordinator().queryParam("day", day.toString()).post("/api/indicators/daily/recompute")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Europe/Paris", computed.getString("timeZone"));
        assertEquals("12:00", computed.getString("dayStartsAt"));
        List<Map<String, Object>> rows = computed.getList("rows");
        assertEquals(12, rows.size(), "3 arrondissements x 4 kinds");

        Map<String, Object> longStay = row(rows, "75018", LONG_STAY);
        assertEquals(16, longStay.get("places"), "A and B (D closed, E not there yet at 22:00)");
        assertEquals(9, longStay.get("freeAt22"));
        assertEquals(10, longStay.get("freeAt02"), "A 1, B 6, E 3");
        assertEquals(16, longStay.get("nightCoveragePlaces"), "A always open, B 20:00-08:00");
        assertEquals(7, longStay.get("requests"));
        assertEquals(5, longStay.get("holds"));
        assertEquals(2, longStay.get("arrivals"));
        assertEquals(2, longStay.get("unmet"));
        assertEquals(Map.of("NO_PLACE", 1, "NOT_ELIGIBLE", 0, "SAFETY", 0, "OTHER", 0), longStay.get("declined"));
        assertEquals(2, longStay.get("expired"));
        assertEquals(2, longStay.get("cancelled"));
        // Time to hold 60, 300, 600, 600, 1200 s; to arrival 2100, 2400 s (percentiles interpolated).
        assertEquals(600.0, number(longStay, "timeToHoldMedianSeconds"));
        assertEquals(960.0, number(longStay, "timeToHoldP90Seconds"));
        assertEquals(2250.0, number(longStay, "timeToArrivalMedianSeconds"));
        assertEquals(2370.0, number(longStay, "timeToArrivalP90Seconds"));
        assertEquals(1, longStay.get("staleReporters"));
        assertEquals(4.0, number(longStay, "staleOverdueHours"), "A overdue 23:00-01:00 and 03:00-05:00");

        Map<String, Object> restRoom = row(rows, "75018", REST_ROOM);
        assertEquals(5, restRoom.get("places"));
        assertEquals(5, restRoom.get("freeAt22"));
        assertEquals(5, restRoom.get("freeAt02"));
        assertEquals(0, restRoom.get("nightCoveragePlaces"), "open 22:00-02:00 only");
        assertEquals(1, restRoom.get("requests"));
        assertEquals(1, restRoom.get("holds"));
        assertEquals(1, restRoom.get("arrivals"));
        assertEquals(0, restRoom.get("unmet"));
        assertEquals(60.0, number(restRoom, "timeToHoldMedianSeconds"), "to the first hold");
        assertEquals(1800.0, number(restRoom, "timeToArrivalMedianSeconds"));
        assertEquals(0, restRoom.get("staleReporters"));

        Map<String, Object> in19 = row(rows, "75019", LONG_STAY);
        assertEquals(1, in19.get("requests"));
        assertEquals(1, in19.get("holds"));
        assertEquals(0, in19.get("places"), "no facility of 75019 in this night");
        assertNull(in19.get("freeAt22"), "nobody reported: unknown, not zero");
        for (Map<String, Object> other : rows) {
            boolean mine = other == longStay || other == restRoom || other == in19;
            if (!mine) {
                assertEquals(0, other.get("requests"), "nothing else on the board that night: " + other);
                assertEquals(0, other.get("places"), "nothing else on the board that night: " + other);
            }
        }

        // Computed again (by an admin, twice): the same rows, computedAt included (nothing changed).
        for (int i = 0; i < 2; i++) {
            JsonPath again = As.with(TestTokens.admin()).queryParam("day", day.toString())
                    .post("/api/indicators/daily/recompute").then().statusCode(200).extract().jsonPath();
            assertEquals(rows, again.getList("rows"));
        }
        // Each recompute asked for is audited (the job's are not): who, as which role, which night.
        assertEquals(List.of("coordinator", "admin", "admin"), auditedRecomputes(day));
        JsonPath read = As.coordinator().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get("/api/indicators/daily").then().statusCode(200).contentType(startsWith("application/json"))
                .extract().jsonPath();
        assertEquals(rows, read.getList("rows"));
        assertEquals(day.toString(), read.getString("from"));
        assertEquals(List.of(longStay), As.coordinator().queryParam("from", day.toString()).queryParam("to", day.toString())
                .queryParam("arrondissement", "75018").queryParam("kind", LONG_STAY)
                .get("/api/indicators/daily").then().statusCode(200).extract().jsonPath().getList("rows"));

        // The CSV, read by a standard reader, says what the JSON says.
        Response csv = As.coordinator().accept("text/csv").queryParam("from", day.toString())
                .queryParam("to", day.toString()).get("/api/indicators/daily");
        csv.then().statusCode(200).contentType(startsWith("text/csv")).header("Content-Disposition",
                "attachment; filename=\"relais-daily-" + day + "-" + day + ".csv\"");
        String body = new String(csv.asByteArray(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("\r\n") && !body.replace("\r\n", "").contains("\n"), "CRLF line ends");
        assertCsvMatches(rows, body);

        // The stale reporter, a facility only.
        List<Map<String, Object>> stale = As.coordinator().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get("/api/indicators/daily/stale-reporters").then().statusCode(200).extract().jsonPath().getList("rows");
        assertEquals(1, stale.size(), "only A was overdue that night: " + stale);
        assertEquals(a.id(), stale.get(0).get("facilityId"));
        assertEquals(a.name(), stale.get(0).get("name"));
        assertEquals("75018", stale.get(0).get("arrondissement"));
        assertEquals(LONG_STAY, stale.get(0).get("kind"));
        assertEquals(4.0, number(stale.get(0), "overdueHours"));
        assertEquals(day.toString(), stale.get(0).get("day"));
    }

    @Test
    void theNightUnderWayFollowsTheReferralsAsTheyHappen() throws Exception {
        LocalDate today = Night.containing(Instant.now(), PARIS, LocalTime.NOON).day();
        String area = "75019";
        // No other test asks for long-stay places: this row's changes are this test's (read as changes all the same).
        Map<String, Object> before = row(As.coordinator().queryParam("day", today.toString())
                .post("/api/indicators/daily/recompute").then().statusCode(200).extract().jsonPath().getList("rows"),
                area, LONG_STAY);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Facility f = new Facility("live-f-" + tag, "History live F " + tag, FacilityKind.LONG_STAY_HOUSING, area,
                "1 rue de Test, Paris", 48.88, 2.38, List.of(), RelaisKafka.EVERYONE, Duration.ofHours(2), true);
        Facility g = new Facility("live-g-" + tag, "History live G " + tag, FacilityKind.LONG_STAY_HOUSING, area,
                "2 rue de Test, Paris", 48.88, 2.38, List.of(), RelaisKafka.EVERYONE, Duration.ofHours(2), true);
        List<String> ids = List.of("live-1-" + tag, "live-2-" + tag, "live-3-" + tag);
        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            FacilityStateEvent fState = RelaisKafka.state(f, 1, 1, 1, null);
            FacilityStateEvent gState = RelaisKafka.state(g, 1, 1, 1, null);
            kafka.publish(fState);
            kafka.publish(gState);
            kafka.flush();
            for (Facility facility : List.of(f, g)) {
                await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                        .queryParam("facilityId", facility.id()).get("/api/holds").then().statusCode(200));
            }
            // Two places, three requests for a long-stay place in 75019: two held, one waits for lack of place.
            for (String id : ids) {
                kafka.publish(new ReferralRequestEvent.Requested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION,
                        Instant.now(), id, "maraude-test", area, null, null, RelaisKafka.NO_NEEDS,
                        List.of(FacilityKind.LONG_STAY_HOUSING), null, true));
                kafka.flush();
                // One after the other: the first two take the places, the third waits.
                await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.latest(id).isPresent());
            }
            statuses.awaitSteps(ids.get(0), ReferralStatus.HELD);
            statuses.awaitSteps(ids.get(1), ReferralStatus.HELD);
            statuses.awaitSteps(ids.get(2), ReferralStatus.WAITLISTED);
            // The waiting one is cancelled first, so that the declined place is not given to it.
            kafka.publish(RelaisKafka.cancel(ids.get(2)));
            kafka.flush();
            statuses.awaitSteps(ids.get(2), ReferralStatus.WAITLISTED, ReferralStatus.CANCELLED);
            String arrivedAt = statuses.latest(ids.get(0)).orElseThrow().facilityId();
            String declinedAt = statuses.latest(ids.get(1)).orElseThrow().facilityId();
            As.operator(arrivedAt).contentType(ContentType.JSON).body("{}")
                    .post("/api/referrals/{id}/arrival", ids.get(0)).then().statusCode(200);
            As.operator(declinedAt).contentType(ContentType.JSON).body("{\"reason\":\"SAFETY\"}")
                    .post("/api/referrals/{id}/decline", ids.get(1)).then().statusCode(200);
            statuses.awaitSteps(ids.get(1), ReferralStatus.HELD, ReferralStatus.DECLINED);

            // The job (every 10 s in tests), not a recompute, brings the night under way up to date.
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> {
                Map<String, Object> after = row(As.coordinator().queryParam("from", today.toString())
                        .queryParam("to", today.toString()).queryParam("arrondissement", area).queryParam("kind", LONG_STAY)
                        .get("/api/indicators/daily").then().statusCode(200).extract().jsonPath().getList("rows"),
                        area, LONG_STAY);
                assertEquals(count(before, "requests") + 3, count(after, "requests"), "requests " + after);
                assertEquals(count(before, "holds") + 2, count(after, "holds"), "holds " + after);
                assertEquals(count(before, "arrivals") + 1, count(after, "arrivals"), "arrivals " + after);
                assertEquals(count(before, "unmet") + 1, count(after, "unmet"), "unmet " + after);
                assertEquals(count(before, "cancelled") + 1, count(after, "cancelled"), "cancelled " + after);
                assertEquals(declined(before, "SAFETY") + 1, declined(after, "SAFETY"), "declined " + after);
                assertEquals(declined(before, "NO_PLACE"), declined(after, "NO_PLACE"), "declined " + after);
                assertNotNull(after.get("timeToHoldMedianSeconds"));
                assertNotNull(after.get("timeToArrivalMedianSeconds"));
            });

            // Leave no open place on the board for the tests that follow.
            kafka.publish(RelaisKafka.recount(fState, 0, null));
            kafka.publish(RelaisKafka.recount(gState, 0, null));
            kafka.flush();
        }
    }

    private static long count(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    private static long declined(Map<String, Object> row, String reason) {
        return ((Number) ((Map<?, ?>) row.get("declined")).get(reason)).longValue();
    }

    @Test
    void badParametersAreRefusedAndChangeNothing() {
        LocalDate today = Night.containing(Instant.now(), PARIS, LocalTime.NOON).day();
        for (Map<String, String> query : List.of(
                Map.of("from", "yesterday"), Map.of("to", "2026-13-01"), Map.of("from", "2026-12-04T00:00:00Z"),
                Map.of("from", "2026-12-05", "to", "2026-12-04"), Map.of("from", "2025-01-01", "to", "2026-12-04"),
                Map.of("arrondissement", "75001"), Map.of("arrondissement", "75019,75020"),
                Map.of("kind", "SHELTER"), Map.of("kind", "long_stay_housing"))) {
            As.coordinator().queryParams(query).get("/api/indicators/daily")
                    .then().statusCode(400).contentType(startsWith(PROBLEM));
            As.coordinator().accept("text/csv").queryParams(query).get("/api/indicators/daily")
                    .then().statusCode(400).contentType(startsWith(PROBLEM));
        }
        As.coordinator().queryParam("from", "2026-12-05").queryParam("to", "2026-12-01")
                .get("/api/indicators/daily/stale-reporters").then().statusCode(400).contentType(startsWith(PROBLEM));
        // 400 nights are allowed, not 401.
        As.coordinator().queryParam("from", today.minusDays(399).toString()).queryParam("to", today.toString())
                .get("/api/indicators/daily").then().statusCode(200);
        As.coordinator().queryParam("from", today.minusDays(400).toString()).queryParam("to", today.toString())
                .get("/api/indicators/daily").then().statusCode(400).body("detail", containsString("400"));
        // The default: the last 30 nights, up to the one under way.
        JsonPath defaults = As.coordinator().get("/api/indicators/daily").then().statusCode(200).extract().jsonPath();
        assertEquals(today.toString(), defaults.getString("to"));
        assertEquals(today.minusDays(29).toString(), defaults.getString("from"));

        String future = today.plusDays(2).toString();
        for (String day : List.of("", "tomorrow", "2026-02-30", future)) {
            As.coordinator().queryParam("day", day).post("/api/indicators/daily/recompute")
                    .then().statusCode(400).contentType(startsWith(PROBLEM));
        }
        As.coordinator().post("/api/indicators/daily/recompute").then().statusCode(400).contentType(startsWith(PROBLEM));
        // A night not started is refused and nothing is stored for it.
        As.coordinator().queryParam("from", future).queryParam("to", future).get("/api/indicators/daily")
                .then().statusCode(200).body("rows.size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void onlyCoordinatorsReadAndOnlyCoordinatorsOrAdminsRecompute() {
        LocalDate yesterday = Night.containing(Instant.now(), PARIS, LocalTime.NOON).day().minusDays(1);
        for (String token : List.of(TestTokens.patrol("maraude-test"), TestTokens.operator("some-shelter"),
                TestTokens.admin())) {
            As.with(token).get("/api/indicators/daily").then().statusCode(403).contentType(startsWith(PROBLEM));
            As.with(token).accept("text/csv").get("/api/indicators/daily").then().statusCode(403);
            As.with(token).get("/api/indicators/daily/stale-reporters").then().statusCode(403);
        }
        for (String token : List.of(TestTokens.patrol("maraude-test"), TestTokens.operator("some-shelter"))) {
            As.with(token).queryParam("day", yesterday.toString()).post("/api/indicators/daily/recompute")
                    .then().statusCode(403).contentType(startsWith(PROBLEM));
        }
        io.restassured.RestAssured.given().get("/api/indicators/daily").then().statusCode(401);
        io.restassured.RestAssured.given().queryParam("day", yesterday.toString())
                .post("/api/indicators/daily/recompute").then().statusCode(401);
        As.with(TestTokens.admin()).queryParam("day", yesterday.toString()).post("/api/indicators/daily/recompute")
                .then().statusCode(200);
    }

    @Test
    void theJobKeepsTheNightUnderWayAndRecentNightsComputed() {
        LocalDate today = Night.containing(Instant.now(), PARIS, LocalTime.NOON).day();
        // No request here: the job alone (every 10 s in tests) computes the night under way and fills the nights before.
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> {
            List<String> days = As.coordinator().queryParam("from", today.minusDays(3).toString())
                    .queryParam("to", today.toString()).get("/api/indicators/daily").then().statusCode(200)
                    .extract().jsonPath().getList("rows.day");
            for (LocalDate night = today.minusDays(3); !night.isAfter(today); night = night.plusDays(1)) {
                assertEquals(12, days.stream().filter(night.toString()::equals).count(), "rows of " + night);
            }
        });
    }

    private static void assertCsvMatches(List<Map<String, Object>> rows, String body) throws Exception {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body))) {
            List<String> header = parser.getHeaderNames();
            assertEquals(List.of("day", "arrondissement", "kind", "places", "free_at_22", "free_at_02", "holds", "arrivals",
                    "requests", "unmet", "declined_no_place", "declined_not_eligible", "declined_safety", "declined_other",
                    "expired", "cancelled", "time_to_hold_median_seconds", "time_to_hold_p90_seconds",
                    "time_to_arrival_median_seconds", "time_to_arrival_p90_seconds", "night_coverage_places",
                    "stale_reporters", "stale_overdue_hours", "computed_at"), header);
            List<CSVRecord> records = parser.getRecords();
            assertEquals(rows.size(), records.size());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> json = rows.get(i);
                CSVRecord record = records.get(i);
                for (String column : header) {
                    Object expected;
                    if (column.startsWith("declined_")) {
                        expected = ((Map<?, ?>) json.get("declined")).get(column.substring("declined_".length()).toUpperCase());
                    } else {
                        expected = json.get(camel(column));
                    }
                    String cell = record.get(column);
                    if (expected == null) {
                        assertEquals("", cell, column + " of row " + i);
                    } else if (expected instanceof Number number && !(expected instanceof Integer)) {
                        assertEquals(number.doubleValue(), Double.parseDouble(cell), 1e-9, column + " of row " + i);
                    } else if (column.equals("computed_at")) {
                        assertEquals(Instant.parse(expected.toString()), Instant.parse(cell), column);
                    } else {
                        assertEquals(expected.toString(), cell, column + " of row " + i);
                    }
                }
            }
        }
    }

    /** free_at_22 -> freeAt22, time_to_hold_p90_seconds -> timeToHoldP90Seconds. */
    private static String camel(String column) {
        String[] parts = column.split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        Arrays.stream(parts).skip(1).forEach(part -> name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1)));
        return name.toString();
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String arrondissement, String kind) {
        return rows.stream().filter(r -> arrondissement.equals(r.get("arrondissement")) && kind.equals(r.get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + arrondissement + " " + kind));
    }

    private static Double number(Map<String, Object> row, String field) {
        Object value = row.get(field);
        assertNotNull(value, field);
        return ((Number) value).doubleValue();
    }

    private static Instant at(LocalDate date, int hour, int minute) {
        return date.atTime(hour, minute).atZone(PARIS).toInstant();
    }

    private static List<OpeningSpan> everyDay(LocalTime opens, LocalTime closes) {
        return Arrays.stream(DayOfWeek.values()).map(day -> new OpeningSpan(day, opens, closes)).toList();
    }

    private static Facility facility(String id, FacilityKind kind, List<OpeningSpan> hours, Duration interval,
            boolean active) {
        return new Facility(id, "History " + id, kind, "75018", "1 rue de Test, Paris", 48.89, 2.35, hours,
                RelaisKafka.EVERYONE, interval, active);
    }

    private static Facility closed(Facility f) {
        return new Facility(f.id(), f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(), f.longitude(),
                f.openingHours(), f.eligibility(), f.reportingInterval(), false);
    }

    /** The facility's state as of {@code at}: reported then, and published then. */
    private static FacilityStateEvent state(Facility facility, int free, int total, Instant at, long version) {
        return new FacilityStateEvent(UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION,
                FacilityStateEvent.Type.AVAILABILITY_CHANGED, at, facility.id(), facility,
                new Availability(free, total, at, version), null);
    }

    private static List<Long> samples(String facilityId) throws Exception {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT availability_version FROM facility_state_sample WHERE facility_id = ? ORDER BY occurred_at")) {
            query.setString(1, facilityId);
            List<Long> versions = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    versions.add(rows.getLong(1));
                }
            }
            return versions;
        }
    }

    private static List<String> auditedRecomputes(LocalDate day) throws Exception {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement("""
                SELECT role FROM audit_entry WHERE action = 'DAILY_HISTORY_RECOMPUTED' AND target_type = 'night'
                  AND target_id = ? ORDER BY id""")) {
            query.setString(1, day.toString());
            List<String> roles = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
            return roles;
        }
    }

    private record Step(String status, String facilityId, String reason, Instant at) {
    }

    private static Step step(String status, Facility facility, String reason, Instant at) {
        return new Step(status, facility == null ? null : facility.id(), reason, at);
    }

    /** The steps a referral's lifecycle writes: the request, then each transition. */
    private static void referral(List<Object[]> rows, String id, String arrondissement, String kind, Instant requestedAt,
            Step... steps) {
        rows.add(new Object[] {id, null, "REQUESTED", null, null, requestedAt, requestedAt, arrondissement, kind});
        String from = "REQUESTED";
        for (Step step : steps) {
            rows.add(new Object[] {id, from, step.status(), step.facilityId(), step.reason(), step.at(), requestedAt,
                    arrondissement, kind});
            from = step.status();
        }
    }

    private static void insertTransitions(List<Object[]> rows) throws Exception {
        try (Connection connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, facility_id, reason, occurred_at,
                    requested_at, arrondissement, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    Object value = row[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : row[i];
                    insert.setObject(i + 1, value);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
