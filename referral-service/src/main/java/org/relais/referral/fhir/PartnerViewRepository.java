package org.relais.referral.fhir;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.relais.events.FacilityKind;
import org.relais.events.ReferralStatus;
import org.relais.referral.domain.Reach;

/**
 * Read-only queries of the FHIR partner view, in plain SQL on the reactive pool (like the indicators): a page of
 * referrals or facilities in a stable order with a keyset cursor, and how many match in all. Only the columns the
 * view writes are read: the position and needs of a referral never leave the database here.
 */
@ApplicationScoped
public class PartnerViewRepository {

    private static final String REFERRAL_COLUMNS = """
            id, patrol_id, status, facility_id, reason, requested_at, updated_at, held_at, hold_expires_at,
            waitlist_expires_at""";

    /**
     * Someone waits for a place of this facility: a live waitlisted referral that accepts its kind and whose reach
     * includes its arrondissement (the waitlist the arrondissement shares, {@link Reach#waitlistScope}).
     */
    private static final String WAITED_FOR = """
            EXISTS (SELECT 1 FROM referral r
                    WHERE r.status = 'WAITLISTED' AND r.waitlist_expires_at > now() AND f.kind = ANY(r.kinds)
                      AND (r.arrondissement = f.arrondissement
                           OR (NOT r.same_arrondissement_only AND r.arrondissement = ANY($%1$d)
                               AND f.arrondissement = ANY($%1$d))))""";

    private final Pool pool;

    public PartnerViewRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a referral shows a partner: no position, needs or urgency. */
    public record ReferralRow(String id, String patrolId, ReferralStatus status, String facilityId, String reason,
            Instant requestedAt, Instant updatedAt, Instant heldAt, Instant holdExpiresAt, Instant waitlistExpiresAt) {
    }

    /** A facility as referral-service knows it, and whether someone waits for a place of it. */
    public record FacilityRow(String facilityId, FacilityKind kind, String arrondissement, boolean active, int free,
            int total, int held, Instant updatedAt, Instant stateOccurredAt, boolean waitedFor) {
    }

    /** Referral filters; a null list means no filter on it, an empty one matches nothing. */
    public record ReferralFilter(List<ReferralStatus> statuses, List<String> ids, List<SearchParameters.Bound> lastUpdated) {
    }

    /** A page (newest change first, then id) and the total of matches over every page. */
    public record Page<T>(List<T> rows, long total) {
    }

    /**
     * Up to {@code limit} referrals after the cursor ({@code afterUpdated}, {@code afterId}; from the start when
     * null), newest change first, and the count of all matches.
     */
    public Uni<Page<ReferralRow>> referrals(ReferralFilter filter, Instant afterUpdated, String afterId, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (filter.statuses() != null) {
            parameters.add(filter.statuses().stream().map(Enum::name).toArray(String[]::new));
            where.append(" AND status = ANY($").append(parameters.size()).append(')');
        }
        if (filter.ids() != null) {
            parameters.add(filter.ids().toArray(String[]::new));
            where.append(" AND id = ANY($").append(parameters.size()).append(')');
        }
        for (SearchParameters.Bound bound : filter.lastUpdated()) {
            parameters.add(utc(bound.at()));
            where.append(" AND updated_at ").append(bound.operator()).append(" $").append(parameters.size());
        }
        Uni<Long> total = count("SELECT count(*) FROM referral" + where, parameters);
        List<Object> paged = new ArrayList<>(parameters);
        StringBuilder pageWhere = new StringBuilder(where);
        if (afterUpdated != null) {
            paged.add(utc(afterUpdated));
            paged.add(afterId);
            pageWhere.append(" AND (updated_at, id) < ($").append(paged.size() - 1).append(", $").append(paged.size()).append(')');
        }
        paged.add((long) limit);
        String sql = "SELECT " + REFERRAL_COLUMNS + " FROM referral" + pageWhere
                + " ORDER BY updated_at DESC, id DESC LIMIT $" + paged.size();
        Uni<List<ReferralRow>> rows = pool.preparedQuery(sql).execute(Tuple.from(paged)).map(result -> {
            List<ReferralRow> list = new ArrayList<>();
            result.forEach(row -> list.add(referral(row)));
            return list;
        });
        return Uni.combine().all().unis(rows, total).with(Page::new);
    }

    /** Up to {@code limit} facilities after {@code afterId} (from the start when null), by id, and the count of all. */
    public Uni<Page<FacilityRow>> facilities(List<String> ids, Boolean active, String afterId, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (ids != null) {
            parameters.add(ids.toArray(String[]::new));
            where.append(" AND f.facility_id = ANY($").append(parameters.size()).append(')');
        }
        if (active != null) {
            parameters.add(active);
            where.append(" AND f.active = $").append(parameters.size());
        }
        Uni<Long> total = count("SELECT count(*) FROM facility_availability f" + where, parameters);
        List<Object> paged = new ArrayList<>(parameters);
        StringBuilder pageWhere = new StringBuilder(where);
        if (afterId != null) {
            paged.add(afterId);
            pageWhere.append(" AND f.facility_id > $").append(paged.size());
        }
        paged.add(Reach.BOARD.toArray(String[]::new));
        String waitedFor = WAITED_FOR.formatted(paged.size());
        paged.add((long) limit);
        String sql = "SELECT f.facility_id, f.kind, f.arrondissement, f.active, f.free, f.total, f.held, f.updated_at,"
                + " f.state_occurred_at, " + waitedFor + " AS waited_for FROM facility_availability f" + pageWhere
                + " ORDER BY f.facility_id LIMIT $" + paged.size();
        Uni<List<FacilityRow>> rows = pool.preparedQuery(sql).execute(Tuple.from(paged)).map(result -> {
            List<FacilityRow> list = new ArrayList<>();
            result.forEach(row -> list.add(new FacilityRow(row.getString("facility_id"),
                    FacilityKind.valueOf(row.getString("kind")), row.getString("arrondissement"),
                    row.getBoolean("active"), row.getInteger("free"), row.getInteger("total"), row.getInteger("held"),
                    instant(row, "updated_at"), instant(row, "state_occurred_at"), row.getBoolean("waited_for"))));
            return list;
        });
        return Uni.combine().all().unis(rows, total).with(Page::new);
    }

    private Uni<Long> count(String sql, List<Object> parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static ReferralRow referral(Row row) {
        return new ReferralRow(row.getString("id"), row.getString("patrol_id"), ReferralStatus.valueOf(row.getString("status")),
                row.getString("facility_id"), row.getString("reason"), instant(row, "requested_at"),
                instant(row, "updated_at"), instant(row, "held_at"), instant(row, "hold_expires_at"),
                instant(row, "waitlist_expires_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
