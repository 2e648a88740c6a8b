package org.relais.capacity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.as;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.asOperator;
import static org.relais.capacity.support.Fixtures.newArrondissement;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * A confidential place's address and position, for each reader: coordinators, admins and its own operators read them;
 * a patrol reads them while it holds a place there (as relais.referral-status tells); other operators and patrols
 * read the arrondissement only; the facility-state topic never carries them (raw records read).
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ConfidentialAddressIT {

    private static final String ADDRESS = "7 impasse Confidentielle, 75019 Paris";
    private static final String LATITUDE = "48.88231";
    private static final String LONGITUDE = "2.38417";

    @Inject
    EventJson json;

    private EventProducer statuses;

    @BeforeEach
    void openProducer() {
        statuses = new EventProducer();
    }

    @AfterEach
    void closeProducer() {
        statuses.close();
    }

    @Test
    void eachReaderSeesTheAddressOnlyWhenEntitled() {
        String arrondissement = newArrondissement();
        String id = register(arrondissement, true);
        String holding = "maraude-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "maraude-" + UUID.randomUUID().toString().substring(0, 8);

        assertSeesAddress(asCoordinator(), id, arrondissement);
        assertSeesAddress(asAdmin(), id, arrondissement);
        assertSeesAddress(asOperator(id), id, arrondissement);
        assertSeesAddress(asOperator("another-facility", id), id, arrondissement);
        assertSeesArrondissementOnly(asOperator("another-facility"), id, arrondissement);
        assertSeesArrondissementOnly(asPatrol(holding), id, arrondissement);
        assertSeesArrondissementOnly(asPatrol(other), id, arrondissement);
        given().get("/api/facilities/{id}", id).then().statusCode(401);
        given().queryParam("arrondissement", arrondissement).get("/api/facilities").then().statusCode(401);

        // A place held for the patrol: it reads the address until the referral leaves HELD.
        String referral = "ref-" + UUID.randomUUID();
        statuses.send(held(referral, holding, id, Instant.now().plus(Duration.ofMinutes(30))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertSeesAddress(asPatrol(holding), id, arrondissement));
        assertSeesArrondissementOnly(asPatrol(other), id, arrondissement);
        assertSeesArrondissementOnly(asOperator("another-facility"), id, arrondissement);

        statuses.send(left(referral, holding, id, ReferralStatus.EXPIRED));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertSeesArrondissementOnly(asPatrol(holding), id, arrondissement));
    }

    @Test
    void aHoldPastItsEndOrAtAnotherFacilityShowsNothing() {
        String arrondissement = newArrondissement();
        String id = register(arrondissement, true);
        String elsewhere = register(arrondissement, true);
        String patrol = "maraude-" + UUID.randomUUID().toString().substring(0, 8);
        String expired = "ref-" + UUID.randomUUID();
        String current = "ref-" + UUID.randomUUID();
        statuses.send(held(expired, patrol, id, Instant.now().minusSeconds(1)));
        statuses.send(held(current, patrol, elsewhere, Instant.now().plus(Duration.ofMinutes(30))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertSeesAddress(asPatrol(patrol), elsewhere, arrondissement));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertSeesArrondissementOnly(asPatrol(patrol), id, arrondissement));
    }

    @Test
    void aPlaceNotConfidentialShowsItsAddressToEveryone() {
        String arrondissement = newArrondissement();
        String id = register(arrondissement, false);
        as(TestTokens.patrol("maraude-18-a")).get("/api/facilities/{id}", id).then().statusCode(200)
                .body("address", equalTo(ADDRESS))
                .body("confidentialAddress", equalTo(false));
        asOperator("another-facility").get("/api/facilities/{id}", id).then().statusCode(200)
                .body("address", equalTo(ADDRESS));
    }

    /**
     * Every record of a confidential place lacks its address and position, whatever the change (registration, report,
     * description, republication), and a place made confidential later is published without them from then on.
     */
    @Test
    void theTopicNeverCarriesAConfidentialAddress() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String arrondissement = newArrondissement();
            String id = register(arrondissement, true);
            report(id, "{\"free\": 2}").statusCode(200);
            asAdmin().contentType(ContentType.JSON).body("{\"name\": \"Lieu renommé\"}")
                    .patch("/api/facilities/{id}", id).then().statusCode(200).body("address", equalTo(ADDRESS));
            asOperator(id).post("/api/facilities/{id}/availability/confirm", id).then().statusCode(200);

            List<ConsumerRecord<String, String>> records = topic.awaitRecords(id, r -> r.size() >= 4);
            assertEquals(4, records.size());
            for (ConsumerRecord<String, String> record : records) {
                assertNoAddress(record.value());
                FacilityStateEvent event = json.read(record.value(), FacilityStateEvent.class);
                assertTrue(event.facility().confidentialAddress());
                assertEquals(arrondissement, event.facility().arrondissement());
                assertNull(event.facility().address());
                assertNull(event.facility().latitude());
                assertNull(event.facility().longitude());
            }

            // Made confidential later: the earlier record held the address (until compaction), the new one does not.
            String later = register(arrondissement, false);
            asAdmin().contentType(ContentType.JSON).body("{\"confidentialAddress\": true}")
                    .patch("/api/facilities/{id}", later).then().statusCode(200)
                    .body("confidentialAddress", equalTo(true)).body("address", equalTo(ADDRESS));
            List<ConsumerRecord<String, String>> changed = topic.awaitRecords(later, r -> r.size() >= 2);
            assertTrue(changed.get(0).value().contains(ADDRESS));
            assertNoAddress(changed.get(1).value());
            asOperator("another-facility").get("/api/facilities/{id}", later).then().statusCode(200)
                    .body("address", nullValue());
        }
    }

    @Test
    void aListShowsEachPlaceAsTheReaderMaySeeIt() {
        String arrondissement = newArrondissement();
        String confidential = register(arrondissement, true);
        String open = register(arrondissement, false);
        JsonPath list = asOperator(open).queryParam("arrondissement", arrondissement).get("/api/facilities")
                .then().statusCode(200).extract().jsonPath();
        assertNull(list.get("find { it.id == '%s' }.address".formatted(confidential)));
        assertNull(list.get("find { it.id == '%s' }.latitude".formatted(confidential)));
        assertEquals(arrondissement, list.get("find { it.id == '%s' }.arrondissement".formatted(confidential)));
        assertEquals(ADDRESS, list.get("find { it.id == '%s' }.address".formatted(open)));
        asCoordinator().queryParam("arrondissement", arrondissement).get("/api/facilities").then().statusCode(200)
                .body("address", hasItem(ADDRESS))
                .body("find { it.id == '%s' }.address".formatted(confidential), equalTo(ADDRESS));
    }

    private static void assertNoAddress(String raw) {
        assertFalse(raw.contains("Confidentielle"), raw);
        assertFalse(raw.contains(LATITUDE), raw);
        assertFalse(raw.contains(LONGITUDE), raw);
    }

    private static void assertSeesAddress(RequestSpecification reader, String id, String arrondissement) {
        reader.get("/api/facilities/{id}", id).then().statusCode(200)
                .body("arrondissement", equalTo(arrondissement))
                .body("confidentialAddress", equalTo(true))
                .body("address", equalTo(ADDRESS))
                .body("latitude", equalTo(Float.parseFloat(LATITUDE)))
                .body("longitude", equalTo(Float.parseFloat(LONGITUDE)));
        reader.queryParam("arrondissement", arrondissement).get("/api/facilities").then().statusCode(200)
                .body("find { it.id == '%s' }.address".formatted(id), equalTo(ADDRESS));
    }

    private static void assertSeesArrondissementOnly(RequestSpecification reader, String id, String arrondissement) {
        reader.get("/api/facilities/{id}", id).then().statusCode(200)
                .body("arrondissement", equalTo(arrondissement))
                .body("confidentialAddress", equalTo(true))
                .body("address", nullValue())
                .body("latitude", nullValue())
                .body("longitude", nullValue());
        reader.queryParam("arrondissement", arrondissement).get("/api/facilities").then().statusCode(200)
                .body("find { it.id == '%s' }.arrondissement".formatted(id), equalTo(arrondissement))
                .body("find { it.id == '%s' }.address".formatted(id), nullValue())
                .body("find { it.id == '%s' }.latitude".formatted(id), nullValue());
    }

    private static RequestSpecification asPatrol(String patrolId) {
        return as(TestTokens.patrol(patrolId));
    }

    private static String register(String arrondissement, boolean confidential) {
        String id = newFacilityId();
        asAdmin().contentType(ContentType.JSON).body("""
                        {"id": "%s", "name": "Lieu %s", "kind": "EMERGENCY_SHELTER", "arrondissement": "%s",
                         "address": "%s", "latitude": %s, "longitude": %s,
                         "eligibility": {"genders": ["WOMAN"], "couples": false, "pets": false,
                                         "activeUse": false, "wheelchair": true},
                         "totalPlaces": 6, "reportingInterval": "PT2H", "confidentialAddress": %s}
                        """.formatted(id, id, arrondissement, ADDRESS, LATITUDE, LONGITUDE, confidential))
                .post("/api/facilities")
                .then().statusCode(201)
                .body("confidentialAddress", equalTo(confidential))
                .body("address", equalTo(ADDRESS));
        return id;
    }

    private static ReferralStatusEvent held(String referral, String patrol, String facility, Instant expiresAt) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referral, patrol,
                ReferralStatus.HELD, ReferralStatus.REQUESTED, facility, expiresAt, null, now.minusSeconds(60), "75019", null);
    }

    private static ReferralStatusEvent left(String referral, String patrol, String facility, ReferralStatus status) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referral, patrol,
                status, ReferralStatus.HELD, facility, null, "HOLD_EXPIRED", now.minusSeconds(60), "75019", null);
    }
}
