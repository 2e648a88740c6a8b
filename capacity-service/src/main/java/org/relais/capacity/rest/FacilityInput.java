package org.relais.capacity.rest;

import org.relais.events.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.relais.capacity.service.FacilityIds;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;

/**
 * Body of {@code POST /api/facilities}. Without an id, one is derived from the name. {@code confidentialAddress}
 * (default false): address and position are never published and shown only to coordinators, admins, the facility's
 * operators and patrols holding a place there.
 */
public record FacilityInput(
        @Pattern(regexp = Ids.PATTERN, message = "must be a slug: lower-case letters, digits and dashes, 2 to 64")
        String id,
        @NotBlank @Size(max = 200) String name,
        @NotNull FacilityKind kind,
        @NotNull @Pattern(regexp = POSTAL_CODE, message = "must be a 5-digit postal code") String arrondissement,
        @NotBlank @Size(max = 300) String address,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = MAX_SPANS) List<@NotNull @Valid OpeningSpanInput> openingHours,
        @NotNull @Valid EligibilityInput eligibility,
        @NotNull @Min(0) @Max(MAX_PLACES) Integer totalPlaces,
        @NotNull @DurationMin(minutes = 5) @DurationMax(days = 7) Duration reportingInterval,
        Boolean active,
        Boolean confidentialAddress) {

    static final String POSTAL_CODE = "^\\d{5}$";
    static final int MAX_SPANS = 50;
    static final long MAX_PLACES = 10_000;

    /** The description to register; a missing schedule means always open, a missing active flag active. */
    Facility toFacility() {
        return new Facility(id, name.strip(), kind, arrondissement, address.strip(), latitude, longitude,
                openingHours == null ? List.of() : openingHours.stream().map(OpeningSpanInput::toSpan).toList(),
                eligibility.toEligibility(), reportingInterval, active == null || active,
                confidentialAddress != null && confidentialAddress);
    }
}
