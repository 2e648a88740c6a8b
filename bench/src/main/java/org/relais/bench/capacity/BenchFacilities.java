package org.relais.bench.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.relais.bench.http.Http;
import org.relais.bench.http.Tokens;

/**
 * The facilities a bench drives, registered through the gateway's public API. Ids are fixed per bench
 * arrondissement and index ("bench-00003-00042"), so a second run reuses them (409 = already there) rather
 * than piling up thousands of new facilities in capacity-service and every live view. Bench arrondissements
 * start with "00": no real postal code does, and tests pick theirs as "9" + 4 digits.
 */
public final class BenchFacilities {

    public static final int TOTAL_PLACES = 200;
    /** Facilities per operator token: an operator's token lists its facilities, and it travels in a header. */
    private static final int PER_OPERATOR = 25;

    private final List<String> ids = new ArrayList<>();
    private final List<String> arrondissements = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> arrondissementCodes = new ArrayList<>();
    private int failed;
    private Tokens tokens = Tokens.none();
    private String prefix = "";
    private int perArrondissement = 1;

    public List<String> ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    public String id(int i) {
        return ids.get(i);
    }

    /** Facilities per bench arrondissement (they are registered arrondissement after arrondissement). */
    public int perArrondissement() {
        return perArrondissement;
    }

    /** Position of facility {@code i} within its arrondissement. */
    public int slot(int i) {
        return i % perArrondissement;
    }

    public String arrondissementOf(int i) {
        return arrondissements.get(i);
    }

    /** Index of a facility id, or null when it is not a bench facility. */
    public Integer indexOf(String id) {
        return index.get(id);
    }

    public List<String> arrondissementCodes() {
        return arrondissementCodes;
    }

    public int failed() {
        return failed;
    }

    /** The Authorization header of the operator in charge of facility {@code i} (one per group of facilities). */
    public Map<String, String> operator(int i) {
        int group = i / PER_OPERATOR;
        List<String> theirs = ids.subList(group * PER_OPERATOR, Math.min(ids.size(), (group + 1) * PER_OPERATOR));
        return tokens.operator(String.format(Locale.ROOT, "%s-operator-%d", prefix, group), theirs);
    }

    /** Indexes of the facilities of one arrondissement. */
    public int[] in(String arrondissement) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (arrondissements.get(i).equals(arrondissement)) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    public int[] all() {
        int[] all = new int[ids.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * Bench area {@code n}: "00001".."00999", postal codes that do not exist, so that bench facilities and referrals
     * are never on the board (75018-75020) and never counted in its indicators, whatever platform the bench runs on.
     */
    public static String arrondissement(int n) {
        if (n < 1 || n > 999) {
            throw new IllegalArgumentException("bench areas are 00001..00999, not " + n);
        }
        return String.format(Locale.ROOT, "00%03d", n);
    }

    /**
     * Registers {@code perArrondissement} facilities in each of the arrondissements "00001".."000NN" (or
     * finds them registered by an earlier run).
     */
    public static BenchFacilities ensure(Http http, Tokens tokens, String gateway, String prefix, int firstArrondissement,
            int arrondissementCount, int perArrondissement, String kind, int concurrency) throws InterruptedException {
        BenchFacilities f = new BenchFacilities();
        f.tokens = tokens;
        f.prefix = prefix;
        f.perArrondissement = Math.max(1, perArrondissement);
        for (int a = 0; a < arrondissementCount; a++) {
            String arr = arrondissement(firstArrondissement + a);
            f.arrondissementCodes.add(arr);
            for (int i = 0; i < perArrondissement; i++) {
                String id = String.format(Locale.ROOT, "%s-%s-%05d", prefix, arr, i);
                f.index.put(id, f.ids.size());
                f.ids.add(id);
                f.arrondissements.add(arr);
            }
        }
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < f.ids.size(); i++) {
            permits.acquire();
            String body = facilityJson(f.ids.get(i), f.arrondissements.get(i), kind, TOTAL_PLACES, i);
            // A few registrations per admin subject: the gateway's rate limit applies per subject (burst 40).
            Map<String, String> admin = tokens.admin(String.format(Locale.ROOT, "%s-admin-%d", prefix, i / PER_OPERATOR));
            pending.add(http.post(gateway + "/api/facilities", body, admin).whenComplete((r, e) -> {
                permits.release();
                if (r == null || !(r.ok() || r.status() == 409)) {
                    if (failed.getAndIncrement() < 3) {
                        System.err.println("bench: could not register a facility: "
                                + (r == null ? e : r.status() + " " + r.body() + (r.error() == null ? "" : r.error())));
                    }
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        f.failed = failed.get();
        return f;
    }

    /** A facility open at all hours that accepts everyone, so matching never depends on the clock. */
    public static String facilityJson(String id, String arrondissement, String kind, int totalPlaces, int n) {
        double lat = 48.80 + (n % 100) * 0.001;
        double lon = 2.30 + (n / 100 % 100) * 0.001;
        return String.format(Locale.ROOT, """
                {"id":"%s","name":"Bench %s","kind":"%s","arrondissement":"%s","address":"%d rue du Banc d'essai",\
                "latitude":%.5f,"longitude":%.5f,"openingHours":[],\
                "eligibility":{"genders":["WOMAN","MAN","NON_BINARY"],"couples":true,"pets":true,"activeUse":true,"wheelchair":true},\
                "totalPlaces":%d,"reportingInterval":"PT2H","active":true}""",
                id, id, kind, arrondissement, 1 + n % 200, lat, lon, totalPlaces);
    }
}
