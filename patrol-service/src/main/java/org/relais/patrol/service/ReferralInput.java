package org.relais.patrol.service;

import org.relais.events.Ids;
import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.HashSet;
import java.util.List;
import org.relais.events.FacilityKind;

/**
 * A patrol's placement request. There is deliberately no field for a name, a birth date or free text, and strict
 * JSON refuses any field not listed here; the person is only an opaque code that cannot hold a space.
 */
public record ReferralInput(
        @NotNull @Pattern(regexp = Ids.PATTERN, message = "must be a patrol id") String patrolId,
        @NotNull
        @Pattern(regexp = "^[A-Za-z0-9_-]{3,64}$",
                message = "must be a pseudonymous code of 3 to 64 letters, digits, '_' or '-' (never a name)")
        String personCode,
        @NotNull @Pattern(regexp = "^\\d{5}$", message = "must be a 5-digit postal code") String arrondissement,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @NotNull @Valid NeedsInput needs,
        @NotEmpty List<@NotNull FacilityKind> kinds,
        @Min(0) @Max(3) Integer urgency,
        // Match only in this arrondissement, never across the line to an adjacent one; absent means false.
        Boolean sameArrondissementOnly) {

    @JsonIgnore
    @AssertTrue(message = "latitude and longitude go together")
    public boolean isCoordinatesPaired() {
        return (latitude == null) == (longitude == null);
    }

    @JsonIgnore
    @AssertTrue(message = "must not repeat a kind")
    public boolean isKindsDistinct() {
        return kinds == null || new HashSet<>(kinds).size() == kinds.size();
    }
}
