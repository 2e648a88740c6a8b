package org.relais.gateway.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.OpeningSpan;
import org.relais.gateway.live.LiveFacility;
import org.relais.gateway.support.HsdsSchemas;

/**
 * The validator the feed's tests rely on really refuses what HSDS refuses (so a passing feed test means something),
 * and the feed's ids are the documented UUIDs v5.
 */
class HsdsSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String service() throws IOException {
        Facility facility = new Facility("halte-nuit-myrha", "Halte de nuit Myrha", FacilityKind.REST_ROOM, "75018",
                "27 rue Myrha, 75018 Paris", 48.8869, 2.3546,
                List.of(new OpeningSpan(DayOfWeek.MONDAY, LocalTime.of(22, 0), LocalTime.of(7, 0))),
                new Eligibility(Set.of(Gender.WOMAN), false, true, true, false), Duration.ofHours(2), true);
        Instant now = Instant.parse("2026-12-04T23:00:00Z");
        LiveFacility live = new LiveFacility(facility.id(), facility, new Availability(6, 18, now.minusSeconds(600), 3),
                now.minusSeconds(600), 2, 1);
        return JSON.writeValueAsString(HsdsFeed.service(live, now));
    }

    @Test
    void aWellFormedServiceValidates() throws IOException {
        HsdsSchemas.assertValid(HsdsSchemas.SERVICE, service());
    }

    @Test
    void theValidatorRefusesWhatTheSchemasRefuse() throws IOException {
        ObjectNode withoutStatus = (ObjectNode) JSON.readTree(service());
        withoutStatus.remove("status");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE, withoutStatus.toString()).isEmpty(), "status is required");

        ObjectNode badId = (ObjectNode) JSON.readTree(service());
        badId.put("id", "halte-nuit-myrha");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE, badId.toString()).isEmpty(), "id is a uuid");

        ObjectNode badCapacity = (ObjectNode) JSON.readTree(service());
        ((ObjectNode) badCapacity.path("capacities").get(0)).put("updated", "yesterday");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE, badCapacity.toString()).isEmpty(), "updated is a date-time");

        ObjectNode capacityWithoutUnit = (ObjectNode) JSON.readTree(service());
        ((ObjectNode) capacityWithoutUnit.path("capacities").get(0)).remove("unit");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE, capacityWithoutUnit.toString()).isEmpty(),
                "a capacity's unit is required (a $ref into service_capacity.json)");

        ObjectNode badAddress = (ObjectNode) JSON.readTree(service());
        ((ObjectNode) badAddress.path("service_at_locations").get(0).path("location").path("addresses").get(0)).remove("city");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE, badAddress.toString()).isEmpty(), "an address has a city");

        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE_PAGE, "{\"total_items\":1,\"total_pages\":1,\"page_number\":1,"
                + "\"size\":1,\"first_page\":true,\"last_page\":\"yes\",\"empty\":false,\"contents\":[]}").isEmpty(),
                "last_page is a boolean");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.SERVICE_PAGE, "{\"total_items\":1,\"total_pages\":1,\"page_number\":1,"
                + "\"size\":1,\"first_page\":true,\"last_page\":true,\"empty\":false,\"contents\":[{\"name\":\"x\"}]}")
                .isEmpty(), "contents are services");
        assertFalse(HsdsSchemas.errors(HsdsSchemas.ROOT, "{\"version\":3.1}").isEmpty(), "the root's version is a string");
    }

    @Test
    void idsAreNameBasedUuidsVersion5() {
        // Computed independently: python3 -c "import uuid; ns = uuid.uuid5(uuid.NAMESPACE_URL,
        //   'https://relais.paris/open-data/hsds'); print(ns, uuid.uuid5(ns, 'service/halte-nuit-myrha'))"
        assertEquals(UUID.fromString("e8272f7e-6082-5d2d-952b-9fe3f5749ec6"), HsdsIds.NAMESPACE);
        assertEquals(UUID.fromString("aed030cf-72e1-5301-96fe-cf3dd001d83c"), HsdsIds.service("halte-nuit-myrha"));
        assertEquals(5, HsdsIds.service("x").version());
    }
}
