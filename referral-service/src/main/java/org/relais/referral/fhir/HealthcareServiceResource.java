package org.relais.referral.fhir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A facility as a FHIR R4 {@code HealthcareService}, as referral-service knows it (its availability view): kind,
 * whether it is open to referrals, its capacity status with the HL7 SDOH Clinical Care codes, and places offered.
 * Its location is its postal code only, never an address or a position (a confidential place has neither anywhere
 * outside capacity-service, and the others' are on the board already).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HealthcareServiceResource(
        String resourceType,
        String id,
        Fhir.Meta meta,
        List<Object> contained,
        List<Fhir.Extension> extension,
        Boolean active,
        List<Fhir.CodeableConcept> type,
        List<Fhir.Reference> location,
        String comment) {
}
