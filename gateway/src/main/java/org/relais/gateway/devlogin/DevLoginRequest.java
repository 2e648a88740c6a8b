package org.relais.gateway.devlogin;

import org.relais.events.Ids;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Who to sign in as, locally: a role and what it is bound to (the launcher's id alphabet). */
public record DevLoginRequest(
        @NotNull @Pattern(regexp = "patrol|operator|coordinator|admin") String role,
        @Pattern(regexp = Ids.PATTERN) String patrolId,
        @Size(max = 50) List<@NotNull @Pattern(regexp = Ids.PATTERN) String> facilityIds) {
}
