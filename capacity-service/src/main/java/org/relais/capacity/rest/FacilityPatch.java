package org.relais.capacity.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;

/**
 * Body of {@code PATCH /api/facilities/{id}}: any fields of {@link FacilityInput} but the id (an id never
 * changes; sending one is refused as an unknown field). A field left out, or null, is kept as it is.
 */
public record FacilityPatch(
        @Size(min = 1, max = 200) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String name,
        FacilityKind kind,
        @Pattern(regexp = FacilityInput.POSTAL_CODE, message = "must be a 5-digit postal code") String arrondissement,
        @Size(min = 1, max = 300) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String address,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = FacilityInput.MAX_SPANS) List<@NotNull @Valid OpeningSpanInput> openingHours,
        @Valid EligibilityInput eligibility,
        @Min(0) @Max(FacilityInput.MAX_PLACES) Integer totalPlaces,
        @DurationMin(minutes = 5) @DurationMax(days = 7) Duration reportingInterval,
        Boolean active,
        Boolean confidentialAddress) {

    private static final String NOT_BLANK = "(?s).*\\S.*";

    /** The description once this patch is applied to {@code current}. */
    Facility applyTo(Facility current) {
        return new Facility(current.id(),
                name != null ? name.strip() : current.name(),
                kind != null ? kind : current.kind(),
                arrondissement != null ? arrondissement : current.arrondissement(),
                address != null ? address.strip() : current.address(),
                latitude != null ? latitude : current.latitude(),
                longitude != null ? longitude : current.longitude(),
                openingHours != null ? openingHours.stream().map(OpeningSpanInput::toSpan).toList() : current.openingHours(),
                eligibility != null ? eligibility.toEligibility() : current.eligibility(),
                reportingInterval != null ? reportingInterval : current.reportingInterval(),
                active != null ? active : current.active(),
                confidentialAddress != null ? confidentialAddress : current.confidentialAddress());
    }
}
