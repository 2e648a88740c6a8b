package org.relais.referral.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a referral may be matched: people and patrols cross the board's arrondissement lines every night, so a place a
 * street away on the other side counts.
 *
 * <ul>
 * <li>The requested arrondissement's facilities always qualify (as a patrol that asks for its own arrondissement
 *     expects).</li>
 * <li>With the request's position, any facility on the board within {@code maxDistanceMeters}; one without
 *     coordinates only in an adjacent arrondissement (its distance is unknown). Ranked by kind, then distance.</li>
 * <li>Without a position, the adjacent arrondissements (18e-19e, 19e-20e; the 18e and the 20e do not touch), ranked
 *     after the requested one.</li>
 * <li>{@code sameArrondissementOnly}, or an area that is not on the board (test and bench areas): that arrondissement
 *     only.</li>
 * </ul>
 */
public record Reach(String arrondissement, Double latitude, Double longitude, boolean sameArrondissementOnly,
        int maxDistanceMeters) {

    /** The arrondissements on the board, the only ones matching crosses between. */
    public static final List<String> BOARD = List.of("75018", "75019", "75020");

    private static final Map<String, List<String>> ADJACENT = Map.of(
            "75018", List.of("75019"),
            "75019", List.of("75018", "75020"),
            "75020", List.of("75019"));

    private static final double EARTH_RADIUS_METERS = 6_371_000.0;

    /** Area tiers of {@link #tier}: the requested arrondissement, an adjacent one, any other. */
    public static final int SAME = 0;
    public static final int ADJACENT_TIER = 1;
    public static final int FARTHER = 2;

    public static boolean onBoard(String arrondissement) {
        return BOARD.contains(arrondissement);
    }

    /**
     * The arrondissements whose waitlists compete for a place freed in this one: the whole board for a board
     * arrondissement (a place freed in the 18e may go to someone waiting in the 19e), else that area alone.
     */
    public static List<String> waitlistScope(String arrondissement) {
        return onBoard(arrondissement) ? BOARD : List.of(arrondissement);
    }

    public boolean located() {
        return latitude != null && longitude != null;
    }

    /** The arrondissements whose facilities may qualify, the requested one first. */
    public List<String> arrondissements() {
        if (sameArrondissementOnly || !onBoard(arrondissement)) {
            return List.of(arrondissement);
        }
        List<String> reached = new ArrayList<>();
        reached.add(arrondissement);
        reached.addAll(ADJACENT.get(arrondissement));
        if (located()) {
            BOARD.stream().filter(a -> !reached.contains(a)).forEach(reached::add);
        }
        return List.copyOf(reached);
    }

    /** {@link #SAME}, {@link #ADJACENT_TIER} or {@link #FARTHER}: the order of areas when there is no position. */
    public int tier(String facilityArrondissement) {
        if (arrondissement.equals(facilityArrondissement)) {
            return SAME;
        }
        return ADJACENT.getOrDefault(arrondissement, List.of()).contains(facilityArrondissement) ? ADJACENT_TIER : FARTHER;
    }

    /** Great-circle distance from the request's position to the facility; null when either is unknown. */
    public Double distanceMeters(Double facilityLatitude, Double facilityLongitude) {
        if (!located() || facilityLatitude == null || facilityLongitude == null) {
            return null;
        }
        return haversineMeters(latitude, longitude, facilityLatitude, facilityLongitude);
    }

    /** True when a facility in this arrondissement, at this position (either may be null), may be matched. */
    public boolean reaches(String facilityArrondissement, Double facilityLatitude, Double facilityLongitude) {
        if (arrondissement.equals(facilityArrondissement)) {
            return true;
        }
        if (!arrondissements().contains(facilityArrondissement)) {
            return false;
        }
        Double distance = distanceMeters(facilityLatitude, facilityLongitude);
        if (distance == null) {
            // No distance to bound: only next door, as a request without a position.
            return tier(facilityArrondissement) == ADJACENT_TIER;
        }
        return distance <= maxDistanceMeters;
    }

    public static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(a));
    }
}
