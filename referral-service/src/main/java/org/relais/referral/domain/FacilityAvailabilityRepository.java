package org.relais.referral.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.relais.events.FacilityKind;

@ApplicationScoped
public class FacilityAvailabilityRepository implements PanacheRepositoryBase<FacilityAvailability, String> {

    /**
     * The one way a place gets held: a conditional increment that PostgreSQL applies only while a place is
     * still offered. Concurrent transactions (in any number of instances) queue on the row lock and each
     * re-checks the condition, so held never exceeds free through this update. Empty when it was full.
     */
    public Uni<Optional<HeldCount>> hold(String facilityId) {
        return changeHeld(facilityId, """
                UPDATE facility_availability SET held = held + 1, holds_version = holds_version + 1
                WHERE facility_id = ?1 AND free - held > 0
                RETURNING facility_id, held, holds_version""");
    }

    /** Gives a held place back (hold expired, declined, cancelled, or its arrival now counted upstream). */
    public Uni<Optional<HeldCount>> release(String facilityId) {
        return changeHeld(facilityId, """
                UPDATE facility_availability SET held = held - 1, holds_version = holds_version + 1
                WHERE facility_id = ?1 AND held > 0
                RETURNING facility_id, held, holds_version""");
    }

    /** Active facilities of the arrondissement, of one of these kinds, with a place still offered. */
    public Uni<List<FacilityAvailability>> offering(String arrondissement, List<FacilityKind> kinds) {
        // Only ranked, never modified through the session (and held is not updatable through it anyway).
        return list("arrondissement = ?1 and active = true and kind in ?2 and free - held > 0", arrondissement, kinds);
    }

    /** True when some facility of the arrondissement still offers a place (to any need or kind). */
    public Uni<Boolean> anyOffered(String arrondissement) {
        return count("arrondissement = ?1 and active = true and free - held > 0", arrondissement).map(n -> n > 0);
    }

    private Uni<Optional<HeldCount>> changeHeld(String facilityId, String sql) {
        return getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, facilityId)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> new HeldCount(
                        (String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue())));
    }
}
