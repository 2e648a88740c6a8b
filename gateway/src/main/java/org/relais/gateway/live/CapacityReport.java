package org.relais.gateway.live;

import java.time.Instant;
import java.util.List;

/**
 * The live board: the body of {@code GET /api/capacity} and the first ({@code snapshot}) event of the stream.
 * Aggregates count active facilities only; {@code facilities} lists inactive ones too (flagged).
 */
public record CapacityReport(
        Instant generatedAt,
        List<ArrondissementCapacity> arrondissements,
        List<KindCapacity> kinds,
        List<FacilityLive> facilities) {
}
