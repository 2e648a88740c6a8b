package org.relais.gateway.opendata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;

/**
 * The Open Referral HSDS 3.1 records the open-data feed publishes, as their JSON schemas name them (snake_case; a
 * field Relais does not know is left out, never sent empty). Only what the live board already shows anyone goes in:
 * no person, no referral, and for a confidential place no address, position or location.
 */
public final class Hsds {

    private Hsds() {
    }

    /** HSDS version of the feed, as the API's root says it. */
    public static final String VERSION = "3.1";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Service(UUID id, String name, String description, String status, String eligibilityDescription,
            String lastModified, List<Schedule> schedules, List<ServiceArea> serviceAreas,
            List<ServiceAtLocation> serviceAtLocations, List<ServiceCapacity> capacities, List<Attribute> attributes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ServiceAtLocation(UUID id, UUID serviceId, UUID locationId, Location location) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Location(UUID id, String locationType, String name, Double latitude, Double longitude,
            List<Address> addresses) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Address(UUID id, UUID locationId, @JsonProperty("address_1") String address1, String city,
            String stateProvince, String postalCode, String country, String addressType) {
    }

    /**
     * One RFC 5545-style weekly rule: open on each {@code byday} from {@code opens_at} to {@code closes_at}; a
     * {@code closes_at} not after {@code opens_at} is on the next day (the description says so in words).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Schedule(UUID id, UUID serviceId, String freq, Integer interval, String wkst, String byday,
            String opensAt, String closesAt, Integer timezone, String description, String notes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ServiceArea(UUID id, UUID serviceId, String name, String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ServiceCapacity(UUID id, UUID serviceId, Unit unit, UUID unitId, int available, int maximum,
            String description, String updated, List<Attribute> attributes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Unit(UUID id, String name, String scheme, String identifier) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attribute(UUID id, UUID linkId, String linkType, String linkEntity, String label, String value) {
    }

    /** The HSDS API's paginated list ({@code components.schemas.Page} of its OpenAPI, with {@code contents}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Page<T>(int totalItems, int totalPages, int pageNumber, int size, boolean firstPage, boolean lastPage,
            boolean empty, List<T> contents) {
    }

    /** The HSDS API's root ({@code GET /}): which HSDS version it serves and where its OpenAPI document is. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiInfo(String version, String openapiUrl) {
    }
}
