package org.relais.referral;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Gender;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;
import org.relais.referral.support.As;
import org.relais.referral.support.FhirSchema;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.referral.support.TestDatabase;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;

/**
 * The FHIR R4 partner view on the real broker and database: referrals in every status rendered as Task with the
 * README's status mapping, facilities as HealthcareService with the SDOH Clinical Care capacity status, every answer
 * valid against the FHIR R4 JSON Schema, nothing about the person, coordinators only, and bad searches refused.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class FhirTaskIT {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String PROBLEM = "application/problem+json";
    /** The patrol's position on the requests: it must never come out. */
    private static final double LATITUDE = 48.8812345;
    private static final double LONGITUDE = 2.3712345;
    /** A facility's position (digits no timestamp has): not a partner's business either. */
    private static final double FACILITY_LATITUDE = 48.8798765;
    private static final double FACILITY_LONGITUDE = 2.3798765;
    private static final Needs PERSONAL_NEEDS = new Needs(Gender.WOMAN, true, true, false, true);
    /** The members a Relais Task may have: anything else would be a leak or a mistake. */
    private static final Set<String> TASK_MEMBERS = Set.of("resourceType", "id", "meta", "status", "statusReason",
            "businessStatus", "intent", "code", "executionPeriod", "authoredOn", "lastModified", "requester", "owner",
            "restriction");

    @Test
    void referralsInEveryStatusAreValidTasksWithTheReadmeMapping() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = located("fhir-shelter", arrondissement, 2, 4);
        FacilityStateEvent open = located("fhir-open", RelaisKafka.freshArrondissement(), 3, 5);
        FacilityStateEvent full = located("fhir-full", RelaisKafka.freshArrondissement(), 0, 5);
        String facilityId = shelter.facilityId();
        String held = RelaisKafka.freshId("fhir-held");
        String declined = RelaisKafka.freshId("fhir-declined");
        String arrived = RelaisKafka.freshId("fhir-arrived");
        String waitlisted = RelaisKafka.freshId("fhir-waitlisted");
        String cancelled = RelaisKafka.freshId("fhir-cancelled");
        String requested = RelaisKafka.freshId("fhir-requested");
        String expired = RelaisKafka.freshId("fhir-expired");
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.publish(open);
            kafka.publish(full);
            kafka.flush();
            for (FacilityStateEvent facility : List.of(shelter, open, full)) {
                await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                        .get("/api/fhir/HealthcareService/{id}", facility.facilityId()).then().statusCode(200));
            }
            // Two places: the first two are held, the second is declined, its place goes to the third, who arrives.
            request(kafka, held, arrondissement);
            statuses.awaitSteps(held, ReferralStatus.HELD);
            request(kafka, declined, arrondissement);
            statuses.awaitSteps(declined, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"reason\":\"SAFETY\"}")
                    .post("/api/referrals/{id}/decline", declined).then().statusCode(200);
            request(kafka, arrived, arrondissement);
            statuses.awaitSteps(arrived, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{\"facilityId\":\"" + facilityId + "\"}")
                    .post("/api/referrals/{id}/arrival", arrived).then().statusCode(200);
            // Both places taken (one held, one consumed by the arrival): the next two wait, one is cancelled.
            request(kafka, waitlisted, arrondissement);
            statuses.awaitSteps(waitlisted, ReferralStatus.WAITLISTED);
            request(kafka, cancelled, arrondissement);
            statuses.awaitSteps(cancelled, ReferralStatus.WAITLISTED);
            kafka.publish(RelaisKafka.cancel(cancelled));
            kafka.flush();
            statuses.awaitSteps(cancelled, ReferralStatus.WAITLISTED, ReferralStatus.CANCELLED);
        }
        // REQUESTED lasts only until matching and EXPIRED takes a waitlist's hours: rows as the service leaves them.
        insertReferral(requested, RelaisKafka.freshArrondissement(), ReferralStatus.REQUESTED, null);
        insertReferral(expired, RelaisKafka.freshArrondissement(), ReferralStatus.EXPIRED, "no place within the waitlist time");

        Map<String, ReferralStatus> expected = new LinkedHashMap<>();
        expected.put(held, ReferralStatus.HELD);
        expected.put(declined, ReferralStatus.DECLINED);
        expected.put(arrived, ReferralStatus.ARRIVED);
        expected.put(waitlisted, ReferralStatus.WAITLISTED);
        expected.put(cancelled, ReferralStatus.CANCELLED);
        expected.put(requested, ReferralStatus.REQUESTED);
        expected.put(expired, ReferralStatus.EXPIRED);
        Map<String, String> readme = Map.of("REQUESTED", "requested", "HELD", "accepted", "WAITLISTED", "on-hold",
                "ARRIVED", "completed", "DECLINED", "rejected", "EXPIRED", "failed", "CANCELLED", "cancelled");
        String ours = String.join(",", expected.keySet());

        // The whole set in one searchset Bundle, valid FHIR R4.
        String body = fhirOk(As.coordinator().queryParam("_id", ours).get("/api/fhir/Task"));
        JsonPath bundle = JsonPath.from(body);
        assertEquals("Bundle", bundle.getString("resourceType"));
        assertEquals("searchset", bundle.getString("type"));
        assertEquals(7, bundle.getInt("total"));
        assertEquals("self", bundle.getString("link[0].relation"));
        assertTrue(bundle.getString("link[0].url").startsWith("/api/fhir/Task?"), bundle.getString("link[0].url"));
        assertEquals(7, bundle.getList("entry").size());
        assertNoPersonalData(body);
        // The validator is no rubber stamp: a Relais status where FHIR's belongs, or a member FHIR does not define, is refused.
        assertFalse(FhirSchema.errors(body.replaceFirst("\"status\":\"[a-z-]+\"", "\"status\":\"HELD\"")).isEmpty());
        assertFalse(FhirSchema.errors(body.replaceFirst("\"intent\":\"order\"", "\"intent\":\"order\",\"personCode\":\"x\"")).isEmpty());

        Map<String, Map<String, Object>> tasks = new HashMap<>();
        for (Map<String, Object> entry : bundle.<Map<String, Object>>getList("entry")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> task = (Map<String, Object>) entry.get("resource");
            assertEquals("match", ((Map<?, ?>) entry.get("search")).get("mode"));
            tasks.put((String) task.get("id"), task);
        }
        assertEquals(expected.keySet(), tasks.keySet());
        for (Map.Entry<String, ReferralStatus> referral : expected.entrySet()) {
            Map<String, Object> task = tasks.get(referral.getKey());
            String status = referral.getValue().name();
            assertEquals("Task", task.get("resourceType"));
            assertEquals(readme.get(status), task.get("status"), "Task.status of a " + status + " referral");
            assertEquals(status, JsonPath.from(json(task)).getString("businessStatus.coding[0].code"));
            assertEquals("order", task.get("intent"));
            assertEquals("fulfill", JsonPath.from(json(task)).getString("code.coding[0].code"));
            assertNotNull(task.get("authoredOn"));
            assertNotNull(task.get("lastModified"));
            assertFalse(task.containsKey("for"), "no Task.for: the person is nobody's business here");
            assertTrue(TASK_MEMBERS.containsAll(task.keySet()), "members of a Task: " + task.keySet());
            // The same resource on its own: valid, and the same.
            String read = fhirOk(As.coordinator().get("/api/fhir/Task/{id}", referral.getKey()));
            assertEquals(task, JsonPath.from(read).getMap("$"));
        }
        JsonPath heldTask = JsonPath.from(json(tasks.get(held)));
        assertEquals("HealthcareService/" + facilityId, heldTask.getString("owner.reference"));
        assertEquals("maraude-test", heldTask.getString("requester.identifier.value"));
        assertNotNull(heldTask.getString("restriction.period.end"), "a hold's expiry");
        assertNull(heldTask.get("executionPeriod.end"));
        JsonPath declinedTask = JsonPath.from(json(tasks.get(declined)));
        assertEquals("SAFETY", declinedTask.getString("statusReason.coding[0].code"));
        assertEquals("HealthcareService/" + facilityId, declinedTask.getString("owner.reference"));
        assertNotNull(declinedTask.getString("executionPeriod.end"));
        JsonPath waitingTask = JsonPath.from(json(tasks.get(waitlisted)));
        assertNull(waitingTask.get("owner"), "nobody holds a place for a waitlisted referral");
        assertNotNull(waitingTask.getString("restriction.period.end"), "the waitlist's end");
        assertEquals("HealthcareService/" + facilityId, JsonPath.from(json(tasks.get(arrived))).getString("owner.reference"));

        // Search by FHIR status (any of a list), by time, and a valid status no referral has.
        JsonPath someStatuses = JsonPath.from(fhirOk(As.coordinator().queryParam("_id", ours)
                .queryParam("status", "accepted,completed").get("/api/fhir/Task")));
        assertEquals(2, someStatuses.getInt("total"));
        assertEquals(Set.of(held, arrived), new HashSet<>(someStatuses.getList("entry.resource.id")));
        assertEquals(0, JsonPath.from(fhirOk(As.coordinator().queryParam("_id", ours).queryParam("status", "draft")
                .get("/api/fhir/Task"))).getInt("total"));
        Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
        assertEquals(7, JsonPath.from(fhirOk(As.coordinator().queryParam("_id", ours)
                .queryParam("_lastUpdated", "ge" + start).queryParam("_lastUpdated", "le" + later)
                .get("/api/fhir/Task"))).getInt("total"));
        assertEquals(0, JsonPath.from(fhirOk(As.coordinator().queryParam("_id", ours)
                .queryParam("_lastUpdated", "gt" + later).get("/api/fhir/Task"))).getInt("total"));

        // _count=0: the total only; pages of 3 follow the next links to every match exactly once.
        JsonPath totalOnly = JsonPath.from(fhirOk(As.coordinator().queryParam("_id", ours).queryParam("_count", "0")
                .get("/api/fhir/Task")));
        assertEquals(7, totalOnly.getInt("total"));
        assertNull(totalOnly.get("entry"));
        List<String> paged = new ArrayList<>();
        String next = "/api/fhir/Task?_id=" + ours + "&_count=3";
        int pages = 0;
        while (next != null) {
            JsonPath page = JsonPath.from(fhirOk(As.coordinator().urlEncodingEnabled(false).get(next)));
            paged.addAll(page.getList("entry.resource.id"));
            assertEquals(7, page.getInt("total"));
            next = page.getString("link.find { it.relation == 'next' }.url");
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(7, paged.size());
        assertEquals(expected.keySet(), new HashSet<>(paged));

        // Facilities: the SDOH Clinical Care capacity status, no address or position.
        String services = fhirOk(As.coordinator()
                .queryParam("_id", String.join(",", facilityId, open.facilityId(), full.facilityId()))
                .get("/api/fhir/HealthcareService"));
        JsonPath serviceBundle = JsonPath.from(services);
        assertEquals(3, serviceBundle.getInt("total"));
        Map<String, String> capacity = new HashMap<>();
        for (Map<String, Object> entry : serviceBundle.<Map<String, Object>>getList("entry")) {
            JsonPath service = JsonPath.from(json(entry.get("resource")));
            assertEquals(
                    "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus",
                    service.getString("extension[0].url"));
            assertEquals("capacityStatus", service.getString("extension[0].extension[0].url"));
            assertEquals("http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes",
                    service.getString("extension[0].extension[0].valueCodeableConcept.coding[0].system"));
            capacity.put(service.getString("id"), service.getString("extension[0].extension[0].valueCodeableConcept.coding[0].code"));
            assertNull(service.get("contained[0].position"));
        }
        // Both places taken and someone waiting; places offered; none offered and nobody waiting.
        assertEquals(Map.of(facilityId, "no-capacity-has-waitlist", open.facilityId(), "capacity",
                full.facilityId(), "no-capacity"), capacity);
        assertFalse(services.contains(String.valueOf(FACILITY_LATITUDE)) || services.contains(String.valueOf(FACILITY_LONGITUDE))
                        || services.contains("rue de Test"),
                "no position or address: " + services);
        fhirOk(As.coordinator().get("/api/fhir/HealthcareService/{id}", facilityId));
    }

    @Test
    void onlyCoordinatorsReadIt() {
        for (String path : List.of("/api/fhir/Task", "/api/fhir/Task/" + RelaisKafka.freshId("any"),
                "/api/fhir/HealthcareService", "/api/fhir/HealthcareService/" + RelaisKafka.freshId("any"))) {
            As.with(TestTokens.patrol("maraude-test")).get(path).then().statusCode(403).contentType(PROBLEM);
            As.operator(RelaisKafka.freshId("own")).get(path).then().statusCode(403).contentType(PROBLEM);
            given().get(path).then().statusCode(401);
        }
        // A FHIR client gets the refusal as an OperationOutcome.
        String outcome = As.with(TestTokens.patrol("maraude-test")).accept(FHIR_JSON).get("/api/fhir/Task")
                .then().statusCode(403).contentType(startsWith(FHIR_JSON)).extract().asString();
        assertEquals("forbidden", JsonPath.from(outcome).getString("issue[0].code"));
        assertEquals(List.of(), FhirSchema.errors(outcome));
    }

    @Test
    void badSearchesAreRefusedAndUnknownIdsAreNotFound() {
        List<Supplier<Response>> refused = List.of(
                () -> As.coordinator().queryParam("name", "x").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("status:not", "accepted").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("status", "held").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("status", "accepted,").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_count", "-1").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_count", "ten").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_lastUpdated", "2026-12-04T21:00:00Z").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_lastUpdated", "geyesterday").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_id", "not an id!").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_cursor", "garbage").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("_format", "xml").get("/api/fhir/Task"),
                () -> As.coordinator().queryParam("active", "maybe").get("/api/fhir/HealthcareService"),
                () -> As.coordinator().queryParam("status", "active").get("/api/fhir/HealthcareService"));
        for (Supplier<Response> call : refused) {
            call.get().then().statusCode(400).contentType(PROBLEM).body("status", is(400));
        }
        // The same refusal for a FHIR client: an OperationOutcome, valid FHIR.
        String outcome = As.coordinator().accept(FHIR_JSON).queryParam("name", "x").get("/api/fhir/Task")
                .then().statusCode(400).contentType(startsWith(FHIR_JSON)).extract().asString();
        assertEquals("OperationOutcome", JsonPath.from(outcome).getString("resourceType"));
        assertEquals("invalid", JsonPath.from(outcome).getString("issue[0].code"));
        assertEquals(List.of(), FhirSchema.errors(outcome));

        String unknown = RelaisKafka.freshId("never");
        As.coordinator().get("/api/fhir/Task/{id}", unknown).then().statusCode(404).contentType(PROBLEM);
        As.coordinator().get("/api/fhir/HealthcareService/{id}", unknown).then().statusCode(404).contentType(PROBLEM);
        String notFound = As.coordinator().accept(FHIR_JSON).get("/api/fhir/Task/{id}", unknown)
                .then().statusCode(404).contentType(startsWith(FHIR_JSON)).extract().asString();
        assertEquals("not-found", JsonPath.from(notFound).getString("issue[0].code"));
        assertEquals(List.of(), FhirSchema.errors(notFound));

        // A larger page than allowed is lowered, not refused (FHIR lets a server return fewer).
        fhirOk(As.coordinator().queryParam("_count", "100000").queryParam("_id", unknown).get("/api/fhir/Task"));
    }

    private static FacilityStateEvent located(String prefix, String arrondissement, int free, int total) {
        return RelaisKafka.state(RelaisKafka.shelter(RelaisKafka.freshId(prefix), arrondissement, RelaisKafka.EVERYONE,
                FACILITY_LATITUDE, FACILITY_LONGITUDE), free, total, 1, null);
    }

    private static void request(EventProducer kafka, String referralId, String arrondissement) {
        kafka.publish(RelaisKafka.request(referralId, arrondissement, Instant.now(), 3, PERSONAL_NEEDS, LATITUDE, LONGITUDE));
        kafka.flush();
    }

    /** 200, FHIR JSON, and valid against the FHIR R4 JSON Schema; returns the body. */
    private static String fhirOk(Response response) {
        String body = response.then().statusCode(200).contentType(startsWith(FHIR_JSON)).extract().asString();
        assertEquals(List.of(), FhirSchema.errors(body), "FHIR R4 JSON Schema errors of " + body);
        return body;
    }

    /** Nothing the patrol said about the person: position, needs, urgency. */
    private static void assertNoPersonalData(String body) {
        for (String leak : List.of(String.valueOf(LATITUDE), String.valueOf(LONGITUDE), "latitude", "longitude", "WOMAN", "gender", "activeUse",
                "active_use", "urgency", "couple", "wheelchair", "priority")) {
            assertFalse(body.contains(leak), leak + " in " + body);
        }
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A referral row as referral-service stores it, with the patrol's position and needs. */
    private static void insertReferral(String id, String arrondissement, ReferralStatus status, String reason) throws Exception {
        Instant now = Instant.now();
        try (Connection db = TestDatabase.connect(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO referral (id, patrol_id, arrondissement, latitude, longitude, gender, couple, pet, wheelchair,
                  active_use, kinds, urgency, status, reason, requested_at, updated_at)
                VALUES (?, 'maraude-test', ?, ?, ?, 'WOMAN', true, true, false, true, ARRAY['EMERGENCY_SHELTER'], 3, ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setString(2, arrondissement);
            insert.setDouble(3, LATITUDE);
            insert.setDouble(4, LONGITUDE);
            insert.setString(5, status.name());
            insert.setString(6, reason);
            insert.setTimestamp(7, Timestamp.from(now.minus(5, ChronoUnit.SECONDS)));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
    }
}
