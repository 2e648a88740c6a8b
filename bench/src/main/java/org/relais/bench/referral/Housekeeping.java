package org.relais.bench.referral;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.relais.bench.http.Http;
import org.relais.bench.http.Tokens;

/**
 * Patrols and the tidying every referral run needs: a bench referral left HELD or WAITLISTED would take
 * places (or wait for them) long after the run, so leftovers are cancelled, by their own patrol, before
 * and after.
 */
public final class Housekeeping {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final Tokens tokens;
    private final String gateway;

    public Housekeeping(Http http, Tokens tokens, String gateway) {
        this.http = http;
        this.tokens = tokens;
        this.gateway = gateway;
    }

    public List<String> patrols() throws Exception {
        Http.Response r = http.get(gateway + "/api/patrols", tokens.coordinator("bench-housekeeping")).get(30, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException("GET /api/patrols answered " + r.status() + " " + (r.error() == null ? r.body() : r.error()));
        }
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    /**
     * Non-final referrals of these patrols in {@code arrondissement}, plus whatever holds places at these
     * facilities: referral id -> its patrol.
     */
    public Map<String, String> leftovers(List<String> patrols, String arrondissement, Collection<String> facilities) throws Exception {
        Map<String, String> leftovers = new ConcurrentHashMap<>();
        for (String patrol : patrols) {
            Http.Response r = http.get(gateway + "/api/patrols/" + patrol + "/referrals", tokens.patrol(patrol)).get(30, TimeUnit.SECONDS);
            if (r.ok()) {
                for (JsonNode ref : JSON.readTree(r.body())) {
                    String status = ref.path("status").asText();
                    if (arrondissement.equals(ref.path("arrondissement").asText())
                            && ("HELD".equals(status) || "WAITLISTED".equals(status) || "REQUESTED".equals(status))) {
                        leftovers.put(ref.path("id").asText(), patrol);
                    }
                }
            }
        }
        for (String facility : facilities) {
            Http.Response r = http.get(gateway + "/api/holds?facilityId=" + facility, tokens.coordinator("bench-housekeeping"))
                    .get(30, TimeUnit.SECONDS);
            if (r.ok()) {
                JSON.readTree(r.body()).forEach(h -> leftovers.put(h.path("referralId").asText(), h.path("patrolId").asText()));
            }
        }
        return leftovers;
    }

    /** Cancels each referral as its patrol (a final one answers 409, which is fine), 16 at a time. */
    public void cancel(Map<String, String> patrolOfReferral) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Semaphore permits = new Semaphore(16);
        patrolOfReferral.forEach((id, patrol) -> {
            permits.acquireUninterruptibly();
            pending.add(http.post(gateway + "/api/referrals/" + id + "/cancel", "{}", tokens.patrol(patrol))
                    .whenComplete((r, e) -> permits.release()));
        });
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
}
