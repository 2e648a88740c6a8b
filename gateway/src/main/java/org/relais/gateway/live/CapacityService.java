package org.relais.gateway.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.events.FacilityKind;
import org.relais.common.problem.ProblemException;

/**
 * Builds the live board from the in-memory view. Without an arrondissement filter the board covers the
 * configured arrondissements only (facilities elsewhere, e.g. other cities sharing the topics, stay off it);
 * a filter may name any postal code.
 */
@ApplicationScoped
public class CapacityService {

    private static final Comparator<FacilityLive> BOARD_ORDER = Comparator.comparing(FacilityLive::arrondissement)
            .thenComparing(FacilityLive::kind)
            .thenComparing(FacilityLive::name, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(FacilityLive::id);

    private final LiveView view;
    private final LiveViewConsumer replay;
    private final List<String> configuredArrondissements;

    public CapacityService(LiveView view, LiveViewConsumer replay,
            @ConfigProperty(name = "relais.arrondissements") List<String> arrondissements) {
        this.view = view;
        this.replay = replay;
        this.configuredArrondissements = List.copyOf(arrondissements);
    }

    /**
     * The board exists once the facility topics have been replayed; before that (a gateway that could not reach
     * the broker at start) it would be empty, and an empty board reads as "no place anywhere": 503 instead.
     */
    public void requireBoard() {
        if (!replay.caughtUp()) {
            throw new ProblemException(503, "Service Unavailable",
                    "The live board is not available yet: the facility topics are still being read. Try again shortly.");
        }
    }

    /** The arrondissements a query covers, in display order. */
    public Set<String> scope(CapacityQuery query) {
        return new LinkedHashSet<>(query.arrondissements().isEmpty() ? configuredArrondissements : query.arrondissements());
    }

    public CapacityReport report(CapacityQuery query, Instant now) {
        Set<String> scope = scope(query);
        List<FacilityLive> facilities = view.facilities().stream()
                .filter(f -> scope.contains(f.arrondissement()))
                .filter(f -> query.kind() == null || f.facility().kind() == query.kind())
                .map(f -> FacilityLive.of(f, now))
                .filter(f -> query.openNow() == null || f.openNow() == query.openNow())
                .sorted(BOARD_ORDER)
                .toList();

        List<FacilityKind> kinds = query.kind() == null ? Arrays.asList(FacilityKind.values()) : List.of(query.kind());
        Map<String, Tally> byArrondissement = new HashMap<>();
        Map<String, Map<FacilityKind, Tally>> byArrondissementAndKind = new HashMap<>();
        Map<FacilityKind, Tally> byKind = new EnumMap<>(FacilityKind.class);
        for (FacilityLive facility : facilities) {
            if (!facility.active()) {
                continue;
            }
            byArrondissement.computeIfAbsent(facility.arrondissement(), a -> new Tally()).add(facility);
            byArrondissementAndKind.computeIfAbsent(facility.arrondissement(), a -> new EnumMap<>(FacilityKind.class))
                    .computeIfAbsent(facility.kind(), k -> new Tally()).add(facility);
            byKind.computeIfAbsent(facility.kind(), k -> new Tally()).add(facility);
        }

        List<ArrondissementCapacity> arrondissements = scope.stream()
                .map(code -> byArrondissement.getOrDefault(code, Tally.EMPTY)
                        .arrondissement(code, kinds(kinds, byArrondissementAndKind.getOrDefault(code, Map.of()))))
                .toList();
        return new CapacityReport(now, arrondissements, kinds(kinds, byKind), facilities);
    }

    private static List<KindCapacity> kinds(List<FacilityKind> kinds, Map<FacilityKind, Tally> tallies) {
        return kinds.stream().map(kind -> tallies.getOrDefault(kind, Tally.EMPTY).kind(kind)).toList();
    }

    /** Running sums of one group of facilities. */
    private static final class Tally {

        static final Tally EMPTY = new Tally();

        private int free;
        private int held;
        private int offered;
        private int total;
        private int nightPlaces;

        void add(FacilityLive facility) {
            free += facility.free();
            held += facility.held();
            offered += facility.offered();
            total += facility.total();
            if (facility.openTonight()) {
                nightPlaces += facility.offered();
            }
        }

        KindCapacity kind(FacilityKind kind) {
            return new KindCapacity(kind, free, held, offered, total);
        }

        ArrondissementCapacity arrondissement(String code, List<KindCapacity> kinds) {
            double occupancy = total == 0 ? 0 : Math.round((total - free) * 1000.0 / total) / 1000.0;
            return new ArrondissementCapacity(code, free, held, offered, total, occupancy, nightPlaces, kinds);
        }
    }
}
