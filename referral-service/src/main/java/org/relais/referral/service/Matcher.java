package org.relais.referral.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.relais.events.Eligibility;
import org.relais.events.FacilityKind;
import org.relais.events.Needs;
import org.relais.events.OpeningHours;
import org.relais.events.OpeningSpan;
import org.relais.outbox.EventJson;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.WaitingNeeds;

/**
 * Which facilities suit a referral, best first. Pure ranking: holding a place is the conditional update's
 * job, so a ranked facility may still turn out full.
 *
 * <p>Suitable: active, open now (Paris wall clock), of an accepted kind, eligibility accepting the needs, a
 * place offered ({@code free - held > 0}); only in the referral's arrondissement (the repository's query:
 * a patrol on foot asks for its own arrondissement). Order: the patrol's kind preference, then distance
 * when both sides have coordinates (a facility without coordinates comes after located ones), then
 * freshness (fresh before stale, then the most recent report), then facility id so the order is stable.
 */
@ApplicationScoped
public class Matcher {

    private static final double EARTH_RADIUS_KM = 6371.0;

    private final EventJson json;

    public Matcher(EventJson json) {
        this.json = json;
    }

    public List<FacilityAvailability> rank(Referral referral, List<FacilityAvailability> offering, Instant now) {
        List<FacilityKind> kinds = referral.preferredKinds();
        Needs needs = referral.needs();
        Comparator<FacilityAvailability> order = Comparator
                .<FacilityAvailability>comparingInt(f -> kinds.indexOf(f.kind))
                .thenComparingDouble(f -> distanceKm(referral, f))
                .thenComparing(f -> f.stale(now))
                .thenComparing(f -> f.updatedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(f -> f.facilityId);
        return offering.stream()
                .filter(f -> f.active && f.offered() > 0 && kinds.contains(f.kind))
                .filter(f -> OpeningHours.isOpen(List.of(json.read(f.openingHours, OpeningSpan[].class)), now))
                .filter(f -> json.read(f.eligibility, Eligibility.class).accepts(needs))
                .sorted(order)
                .toList();
    }

    /**
     * True when one of these waiting referrals could take a place at this facility (ranked for another referral, so
     * already active, open and offering): it accepts their kind and their needs.
     */
    public boolean anyFits(FacilityAvailability facility, List<WaitingNeeds> waiting) {
        if (waiting.isEmpty()) {
            return false;
        }
        Eligibility eligibility = json.read(facility.eligibility, Eligibility.class);
        return waiting.stream().anyMatch(w -> w.kind() == facility.kind && eligibility.accepts(w.needs()));
    }

    /** Great-circle distance; 0 when the referral gave no position, +inf for an unlocated facility. */
    static double distanceKm(Referral referral, FacilityAvailability facility) {
        if (referral.latitude == null || referral.longitude == null) {
            return 0;
        }
        if (facility.latitude == null || facility.longitude == null) {
            return Double.POSITIVE_INFINITY;
        }
        return haversineKm(referral.latitude, referral.longitude, facility.latitude, facility.longitude);
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
