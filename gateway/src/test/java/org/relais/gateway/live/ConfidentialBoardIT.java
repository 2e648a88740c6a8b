package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.gateway.support.Board;
import org.relais.gateway.support.BoardTest;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/**
 * The live board never shows a confidential place's address or position, to any role, on {@code /api/capacity} or its
 * stream: capacity-service does not publish them, and should a record carry them anyway the board drops them. The
 * arrondissement and the counts stay.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class ConfidentialBoardIT extends BoardTest {

    private static final List<String> EVERY_ROLE = List.of(TestTokens.patrol("maraude-18-a"),
            TestTokens.operator("any-facility"), TestTokens.coordinator(), TestTokens.admin());

    @TestHTTPResource("/api/capacity/stream")
    URI stream;

    @Test
    void noRoleReadsAConfidentialAddressOnTheBoardOrItsStream() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Facility plain = FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        // As a producer that forgot to leave the address out would publish it.
        Facility confidential = new Facility(id, plain.name(), plain.kind(), arrondissement, "9 rue Secrète", 48.8812,
                2.3801, plain.openingHours(), plain.eligibility(), plain.reportingInterval(), true, true);
        events.state(confidential, 3, 6, Instant.now(), 1);
        await().until(() -> Board.facility(arrondissement, id) != null);

        URI filtered = URI.create(stream + "?arrondissement=" + arrondissement);
        long version = 1;
        for (String token : EVERY_ROLE) {
            String board = given().header("Authorization", TestTokens.bearer(token))
                    .queryParam("arrondissement", arrondissement).get("/api/capacity")
                    .then().statusCode(200).extract().asString();
            assertNoAddress(board);
            Map<String, Object> entry = io.restassured.path.json.JsonPath.from(board).param("id", id)
                    .get("facilities.find { it.id == id }");
            assertEquals(arrondissement, entry.get("arrondissement"));
            assertEquals(true, entry.get("confidentialAddress"));
            assertEquals((int) (version == 1 ? 3 : version), entry.get("free"));
            assertTrue(entry.containsKey("address") && entry.get("address") == null, entry.toString());
            assertTrue(entry.containsKey("latitude") && entry.get("latitude") == null, entry.toString());

            try (SseClient sse = SseClient.open(filtered, new HttpClientOptions(), token)) {
                await().until(() -> !sse.events("snapshot").isEmpty());
                assertNoAddress(sse.events("snapshot").get(0).data());
                version++;
                events.state(confidential, (int) version, 6, Instant.now(), version);
                await().until(() -> sse.events("facility").stream().anyMatch(e -> e.json().getString("id").equals(id)));
                sse.events("facility").forEach(e -> assertNoAddress(e.data()));
                JsonObject changed = sse.events("facility").get(0).json();
                assertEquals(arrondissement, changed.getString("arrondissement"));
            }
        }
    }

    private static void assertNoAddress(String json) {
        assertFalse(json.contains("Secrète"), json);
        assertFalse(json.contains("48.8812"), json);
        assertFalse(json.contains("2.3801"), json);
    }
}
