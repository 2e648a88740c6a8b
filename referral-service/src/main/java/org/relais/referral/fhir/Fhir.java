package org.relais.referral.fhir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The FHIR R4 data types the partner view writes, as records serialized to FHIR JSON (null members and empty lists
 * left out, as FHIR requires: an element is either present with content or absent). Times are FHIR {@code instant}
 * strings, written here so their shape never depends on the JSON mapper's settings.
 */
public final class Fhir {

    public static final String MEDIA_TYPE = "application/fhir+json";

    /** Relais's own code systems; URNs because Relais publishes no terminology server. */
    public static final String REFERRAL_STATUS_SYSTEM = "urn:relais:fhir:CodeSystem:referral-status";
    public static final String STATUS_REASON_SYSTEM = "urn:relais:fhir:CodeSystem:status-reason";
    public static final String TASK_CODE_SYSTEM = "urn:relais:fhir:CodeSystem:task-code";
    public static final String FACILITY_KIND_SYSTEM = "urn:relais:fhir:CodeSystem:facility-kind";
    /** Patrol ids: a team's id, never a person's. */
    public static final String PATROL_SYSTEM = "urn:relais:patrol";

    /** FHIR's own Task codes: {@code fulfill} is a task that asks for its focal request to be carried out. */
    public static final String FHIR_TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code";

    /** HL7 SDOH Clinical Care IG: the capacity status of a HealthcareService (an extension with one coded part). */
    public static final String SDOHCC_CAPACITY_EXTENSION =
            "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus";
    /** HL7 SDOH Clinical Care IG's temporary codes, where the capacity-status codes live. */
    public static final String SDOHCC_TEMPORARY_CODES =
            "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";

    private Fhir() {
    }

    /** A FHIR {@code instant}, to the millisecond; null stays null. */
    public static String instant(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Meta(String lastUpdated) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Coding(String system, String code, String display) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CodeableConcept(List<Coding> coding, String text) {

        public static CodeableConcept of(String system, String code, String display) {
            return new CodeableConcept(List.of(new Coding(system, code, display)), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Identifier(String system, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reference(String reference, String type, Identifier identifier) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Period(String start, String end) {
    }

    /** An extension with either sub-extensions or a coded value. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Extension(String url, List<Extension> extension, CodeableConcept valueCodeableConcept) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Address(String postalCode, String country) {
    }

    /** A contained Location that says where a service is no closer than its postal code. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Location(String resourceType, String id, Address address) {

        public Location(String id, Address address) {
            this("Location", id, address);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BundleLink(String relation, String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BundleSearch(String mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BundleEntry(String fullUrl, Object resource, BundleSearch search) {
    }

    /** A search's answer: one page of matches, how many match in all, and the links to this page and the next. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Bundle(String resourceType, Meta meta, String type, Long total, List<BundleLink> link,
            List<BundleEntry> entry) {

        public static Bundle searchset(Instant now, long total, List<BundleLink> links, List<BundleEntry> entries) {
            return new Bundle("Bundle", new Meta(instant(now)), "searchset", total, links, entries);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Issue(String severity, String code, String diagnostics) {
    }

    /** FHIR's error body, for clients that ask for FHIR JSON only. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record OperationOutcome(String resourceType, List<Issue> issue) {

        public static OperationOutcome error(String code, String diagnostics) {
            return new OperationOutcome("OperationOutcome", List.of(new Issue("error", code, diagnostics)));
        }
    }
}
