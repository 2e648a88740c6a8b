package org.relais.referral.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.relais.common.persistence.InList;
import org.relais.events.FacilityKind;

@ApplicationScoped
public class FacilityAvailabilityRepository implements PanacheRepositoryBase<FacilityAvailability, String> {

    /** The database's time of the statement, in microseconds since the epoch: one clock for every instance. */
    private static final String DATABASE_TIME = "(EXTRACT(EPOCH FROM statement_timestamp()) * 1000000)::bigint";

    /**
     * Held places above what the facility can keep held: its free count (never above its total), or none once it is
     * no longer active. Positive only after a state lowered the count (or closed the facility) under its holds.
     */
    private static final String EXCESS_HOLDS = "held - CASE WHEN active THEN GREATEST(LEAST(free, total), 0) ELSE 0 END";

    /**
     * The one way a place gets held: a conditional increment that PostgreSQL applies only while the facility is active
     * and a place is still offered. Concurrent transactions (in any number of instances) queue on the row lock and each
     * re-checks the condition, so held never exceeds free (nor total) through this update: never what
     * {@link #excessHolds} would withdraw. Empty when it was full or inactive.
     */
    public Uni<Optional<HeldCount>> hold(String facilityId) {
        return changeHeld(facilityId, 1, """
                UPDATE facility_availability SET held = held + ?2, holds_version = holds_version + 1
                WHERE facility_id = ?1 AND active AND LEAST(free, total) - held >= ?2
                RETURNING facility_id, held, holds_version, %s""".formatted(DATABASE_TIME));
    }

    /** Gives a held place back (hold expired, declined, cancelled, withdrawn, or its arrival now counted upstream). */
    public Uni<Optional<HeldCount>> release(String facilityId) {
        return release(facilityId, 1);
    }

    /** Gives {@code places} held places back at once; empty if fewer were held (nothing changes then). */
    public Uni<Optional<HeldCount>> release(String facilityId, int places) {
        return changeHeld(facilityId, places, """
                UPDATE facility_availability SET held = held - ?2, holds_version = holds_version + 1
                WHERE facility_id = ?1 AND held >= ?2
                RETURNING facility_id, held, holds_version, %s""".formatted(DATABASE_TIME));
    }

    /**
     * Held places above what the facility can keep held (see {@link #lockExcessHolds}), read without a lock: how many
     * holds to lock before the facility row (referral rows first, then the facility: the order of every step).
     */
    public Uni<Integer> excessHolds(String facilityId) {
        return scalar("select held - case when active then greatest(least(free, total), 0) else 0 end"
                + " from FacilityAvailability where facilityId = ?1", facilityId);
    }

    /** Places held at the facility now (consumed holds still counted included), read without a lock; 0 when unknown. */
    public Uni<Integer> heldPlaces(String facilityId) {
        return scalar("select held from FacilityAvailability where facilityId = ?1", facilityId);
    }

    /**
     * One integer of the facility's row as stored (never the session's copy, whose held count is stale), 0 when unknown.
     * HQL rather than a native query: Hibernate caches its plan, while a native query's cache key never equals another
     * (Hibernate Reactive's result-set mapping has no equals), so each call adds an entry to one hash bucket.
     */
    private Uni<Integer> scalar(String hql, String facilityId) {
        return getSession().chain(session -> session.createSelectionQuery(hql, Integer.class)
                        .setParameter(1, facilityId)
                        .getResultList())
                .map(rows -> rows.isEmpty() || rows.get(0) == null ? 0 : rows.get(0));
    }

    /** Locks the facility row and reads its held places above what it can keep held, with the database's time. */
    public Uni<Excess> lockExcessHolds(String facilityId) {
        return getSession().chain(session -> session
                        .createNativeQuery("SELECT " + EXCESS_HOLDS + ", " + DATABASE_TIME
                                + " FROM facility_availability WHERE facility_id = ?1 FOR UPDATE", Object[].class)
                        .setParameter(1, facilityId)
                        .getResultList())
                .map(rows -> rows.isEmpty()
                        ? new Excess(0, null)
                        : new Excess(((Number) rows.get(0)[0]).intValue(), databaseTime(rows.get(0)[1])));
    }

    /** Held places a facility must give back, counted while its row is locked, and the database's time then. */
    public record Excess(int places, Instant at) {
    }

    /** Active facilities of these arrondissements, of one of these kinds, with a place still offered. */
    public Uni<List<FacilityAvailability>> offering(Collection<String> arrondissements, List<FacilityKind> kinds) {
        if (arrondissements.isEmpty() || kinds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> parameters = new ArrayList<>();
        String query = "arrondissement in " + InList.of(arrondissements, parameters) + " and active = true and kind in "
                + InList.of(kinds, parameters) + " and free - held > 0";
        // Only ranked, never modified through the session (and held is not updatable through it anyway).
        return list(query, parameters.toArray());
    }

    /** True when some facility of these arrondissements still offers a place (to any need or kind). */
    public Uni<Boolean> anyOffered(Collection<String> arrondissements) {
        if (arrondissements.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        List<Object> parameters = new ArrayList<>();
        return count("arrondissement in " + InList.of(arrondissements, parameters) + " and active = true and free - held > 0",
                parameters.toArray()).map(n -> n > 0);
    }

    private Uni<Optional<HeldCount>> changeHeld(String facilityId, int places, String sql) {
        return getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, facilityId)
                        .setParameter(2, places)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> new HeldCount(
                        (String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue(), databaseTime(row[3]))));
    }

    static Instant databaseTime(Object epochMicros) {
        long micros = ((Number) epochMicros).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
