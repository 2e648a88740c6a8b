package org.relais.outbox.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One write, as the audit trail keeps it and coordinators read it. {@code before} and {@code after} are JSON
 * documents of the target's state where it applies, served inline (never personal data: callers pass views
 * without person codes or notes).
 */
public record AuditEntry(
        long id,
        Instant at,
        String subject,
        String role,
        String action,
        String targetType,
        String targetId,
        String facilityId,
        @JsonRawValue String before,
        @JsonRawValue String after) {
}
