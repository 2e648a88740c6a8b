package org.relais.capacity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relais.capacity.support.Fixtures.as;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.asOperator;
import static org.relais.capacity.support.Fixtures.facilityJson;
import static org.relais.capacity.support.Fixtures.newArrondissement;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.TopicReader;
import org.relais.testing.security.Caller;
import org.relais.testing.security.Cast;
import org.relais.testing.security.Endpoint;
import org.relais.testing.security.SecurityRules;
import org.relais.testing.security.Who;

/**
 * Who may call what (the README's rules table, "Security and privacy"), row by row: every endpoint of this service against every kind of
 * caller, including no token, an expired one, one signed by a stranger, a token without a Relais role and an
 * operator of another facility. A refused write changes nothing: no count, no audit line, no event.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class SecurityRulesIT {

    @Inject
    EventJson json;

    /** The kinds of caller every endpoint is tried with. */
    private static final Set<Who> CALLERS = EnumSet.of(Who.NO_TOKEN, Who.EXPIRED, Who.BADLY_SIGNED, Who.NO_ROLE,
            Who.PATROL, Who.OPERATOR, Who.FOREIGN_OPERATOR, Who.COORDINATOR, Who.ADMIN);

    private static final Map<Who, Integer> READERS = Map.of(Who.PATROL, 200, Who.OPERATOR, 200,
            Who.FOREIGN_OPERATOR, 200, Who.COORDINATOR, 200, Who.ADMIN, 200);

    /** One endpoint ({id}: the table's facility) with who gets what; anyone else gets 403. */
    record Rights(Endpoint endpoint, Map<Who, Integer> allowed) {
    }

    private static final List<Rights> ENDPOINTS = List.of(
            new Rights(Endpoint.of("list facilities", "GET", "/api/facilities"), READERS),
            new Rights(Endpoint.of("get facility", "GET", "/api/facilities/{id}"), READERS),
            new Rights(Endpoint.of("get availability", "GET", "/api/facilities/{id}/availability"), READERS),
            new Rights(Endpoint.of("availability history", "GET", "/api/facilities/{id}/availability/history"), READERS),
            new Rights(Endpoint.of("register facility", "POST", "/api/facilities")
                    .body(() -> facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 4)), Map.of(Who.ADMIN, 201)),
            new Rights(Endpoint.of("update facility", "PATCH", "/api/facilities/{id}").body(() -> "{\"active\": true}"),
                    Map.of(Who.ADMIN, 200)),
            new Rights(Endpoint.of("report availability", "PUT", "/api/facilities/{id}/availability")
                    .body(() -> "{\"free\": 1}"), Map.of(Who.OPERATOR, 200)),
            new Rights(Endpoint.of("audit", "GET", "/api/audit"), Map.of(Who.COORDINATOR, 200)));

    /** The table's facility and another one, registered once (RestAssured knows the port only inside a test). */
    private static String facility;
    private static String otherFacility;

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Rights rights : ENDPOINTS) {
            for (Who who : CALLERS) {
                rows.add(Arguments.of(rights.endpoint(), who, SecurityRules.expected(who, rights.allowed())));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @MethodSource("table")
    void eachRoleGetsExactlyItsRights(Endpoint endpoint, Who who, int status) {
        registerTheTableFacilities();
        Caller caller = Cast.of("maraude-18-a", null, facility, otherFacility).caller(who);
        SecurityRules.assertAnswer(endpoint.at("{id}", facility).call(caller), status);
    }

    @Test
    void anonymousHealthIsOpen() {
        given().get("/q/health/live").then().statusCode(200);
    }

    /** Health is the only anonymous path: the API description needs a token (every service, by the common module). */
    @Test
    void apiDescriptionNeedsAToken() {
        given().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2(TestTokens.patrol("maraude-18-a")).get("/q/openapi").then().statusCode(200);
    }

    /**
     * An operator of another facility, and roles that may not report at all, are refused before anything is
     * read or validated (even an invalid body gets 403), and leave no trace.
     */
    @Test
    void aRefusedWriteChangesNothing() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(10);
            String mine = registerFacility(10);
            String unregistered = newFacilityId();

            for (RequestSpecification refused : List.of(asOperator(mine), asOperator(mine), asCoordinator(), asAdmin(),
                    as(TestTokens.patrol("maraude-18-a")))) {
                refused.contentType(ContentType.JSON).body("{\"free\": 3}")
                        .put("/api/facilities/{id}/availability", id)
                        .then().statusCode(403).contentType("application/problem+json");
            }
            // Ownership is checked before the body: a foreign operator learns nothing, even from a bad body.
            asOperator(mine).contentType(ContentType.JSON).body("{\"free\": -1}")
                    .put("/api/facilities/{id}/availability", id).then().statusCode(403);
            asOperator(mine).contentType(ContentType.JSON).body("{\"free\": 1}")
                    .put("/api/facilities/{id}/availability", unregistered).then().statusCode(403);
            asOperator(id).contentType(ContentType.JSON).body("{\"name\": \"Pris\"}")
                    .patch("/api/facilities/{id}", id).then().statusCode(403);
            asCoordinator().contentType(ContentType.JSON).body("{\"name\": \"Pris\"}")
                    .patch("/api/facilities/{id}", id).then().statusCode(403);
            asOperator(unregistered).contentType(ContentType.JSON)
                    .body(facilityJson(unregistered, newArrondissement(), "REST_ROOM", 3))
                    .post("/api/facilities").then().statusCode(403);

            asCoordinator().get("/api/facilities/{id}", unregistered).then().statusCode(404);
            asCoordinator().get("/api/facilities/{id}", id)
                    .then().statusCode(200)
                    .body("name", equalTo("Halte test " + id))
                    .body("availability.free", equalTo(0))
                    .body("availability.version", equalTo(1));
            asCoordinator().queryParam("facilityId", id).get("/api/audit")
                    .then().statusCode(200).body("action", contains("FACILITY_REGISTERED"));
            asCoordinator().queryParam("facilityId", unregistered).get("/api/audit")
                    .then().statusCode(200).body("size()", equalTo(0));

            // One accepted report after the refusals: the facility's events are in order on one partition, so
            // once its event is read, anything the refusals had published would have been read before it.
            asOperator(id).contentType(ContentType.JSON).body("{\"free\": 2}")
                    .put("/api/facilities/{id}/availability", id).then().statusCode(200).body("version", equalTo(2));
            List<FacilityStateEvent> events = topic.awaitRecords(id, r -> r.stream().anyMatch(this::isVersion2)).stream()
                    .map(r -> json.read(r.value(), FacilityStateEvent.class)).toList();
            assertEquals(List.of(FacilityStateEvent.Type.FACILITY_REGISTERED, FacilityStateEvent.Type.AVAILABILITY_CHANGED),
                    events.stream().map(FacilityStateEvent::type).toList());
            assertEquals(2, events.get(1).availability().free());
        }
    }

    private boolean isVersion2(ConsumerRecord<String, String> record) {
        return json.read(record.value(), FacilityStateEvent.class).availability().version() == 2;
    }

    private static synchronized void registerTheTableFacilities() {
        if (facility == null) {
            facility = registerFacility(10);
            otherFacility = registerFacility(10);
        }
    }
}
