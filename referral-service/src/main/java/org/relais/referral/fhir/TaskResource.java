package org.relais.referral.fhir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A referral as a FHIR R4 {@code Task}. Only what a health partner needs to follow the placement: status, times, who
 * asked (the patrol, a team) and which facility holds the place. Nothing about the person: no {@code for}, no needs,
 * no position, no urgency, no free text (referral-service never holds a person code, its hash or a note at all).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskResource(
        String resourceType,
        String id,
        Fhir.Meta meta,
        String status,
        Fhir.CodeableConcept statusReason,
        Fhir.CodeableConcept businessStatus,
        String intent,
        Fhir.CodeableConcept code,
        Fhir.Period executionPeriod,
        String authoredOn,
        String lastModified,
        Fhir.Reference requester,
        Fhir.Reference owner,
        Restriction restriction) {

    /** How long the fulfilment is sought: a hold's time, or the waitlist's. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Restriction(Fhir.Period period) {
    }

    /** The code every Relais Task carries: fulfil a placement request. */
    static final Fhir.CodeableConcept PLACEMENT_REQUEST = new Fhir.CodeableConcept(List.of(
            new Fhir.Coding(Fhir.FHIR_TASK_CODE_SYSTEM, "fulfill", "Fulfill the focal request"),
            new Fhir.Coding(Fhir.TASK_CODE_SYSTEM, "placement-request", "Placement request")),
            "A place for tonight (shelter, rest room, consumption room) requested by an outreach patrol");
}
