package org.relais.outbox.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
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
import org.relais.common.audit.AuditQuery;
import org.relais.events.EventJson;

/**
 * The service's append-only audit trail ({@code audit_entry}). {@link #record} runs inside the caller's
 * transaction, so a write and its audit line commit together or not at all.
 */
@ApplicationScoped
public class AuditTrail {

    private final EventJson json;
    private final Pool pool;

    public AuditTrail(EventJson json, Pool pool) {
        this.json = json;
        this.pool = pool;
    }

    /**
     * Must run inside a transaction. {@code before}/{@code after} are objects written as JSON (or null); pass
     * views that hold no personal data.
     */
    public Uni<Void> record(String subject, String role, String action, String targetType, String targetId,
            String facilityId, Object before, Object after) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO audit_entry (subject, role, action, target_type, target_id, facility_id,"
                        + " before_state, after_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, subject)
                .setParameter(2, role)
                .setParameter(3, action)
                .setParameter(4, targetType)
                .setParameter(5, targetId)
                .setParameter(6, facilityId)
                .setParameter(7, before == null ? null : json.write(before))
                .setParameter(8, after == null ? null : json.write(after))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Newest first. */
    public Uni<List<AuditEntry>> find(AuditQuery query) {
        return pool.preparedQuery("SELECT id, at, subject, role, action, target_type, target_id, facility_id,"
                        + " before_state, after_state FROM audit_entry"
                        + " WHERE ($1::text IS NULL OR facility_id = $1)"
                        + " AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)"
                        + " ORDER BY at DESC, id DESC LIMIT $4")
                .execute(Tuple.of(query.facilityId(), offset(query.from()), offset(query.to()), query.limit()))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new AuditEntry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(),
                                row.getString("subject"), row.getString("role"), row.getString("action"),
                                row.getString("target_type"), row.getString("target_id"), row.getString("facility_id"),
                                row.getString("before_state"), row.getString("after_state")));
                    }
                    return entries;
                });
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
