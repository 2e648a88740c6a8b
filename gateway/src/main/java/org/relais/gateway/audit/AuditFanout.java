package org.relais.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jboss.logging.Logger;
import org.relais.common.audit.AuditQuery;
import org.relais.common.problem.ProblemException;
import org.relais.gateway.proxy.UpstreamClients;
import org.relais.gateway.proxy.UpstreamConfig;
import org.relais.gateway.proxy.Upstream;

/**
 * One audit trail for coordinators: asks the three services' own {@code GET /api/audit} with the caller's
 * token (each checks it again), tags every entry with its {@code service} and merges them newest first.
 */
@ApplicationScoped
public class AuditFanout {

    private static final Logger LOG = Logger.getLogger(AuditFanout.class);

    private final HttpClient client;
    private final ObjectMapper mapper;
    private final Map<Upstream, URI> services = new LinkedHashMap<>();
    private final java.time.Duration timeout;

    public AuditFanout(Vertx vertx, UpstreamConfig upstream, ObjectMapper mapper) {
        this.client = vertx.createHttpClient(UpstreamClients.options(upstream));
        this.mapper = mapper;
        this.timeout = upstream.responseTimeout();
        services.put(Upstream.CAPACITY, upstream.capacity());
        services.put(Upstream.REFERRAL, upstream.referral());
        services.put(Upstream.PATROL, upstream.patrol());
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    public Uni<List<ObjectNode>> find(String authorization, AuditQuery filter) {
        String query = query(filter);
        int limit = filter.limit();
        List<Uni<List<ObjectNode>>> calls = new ArrayList<>();
        services.forEach((service, base) -> calls.add(ask(service, base, query, authorization)));
        return Uni.join().all(calls).andFailFast().map(lists -> {
            List<ObjectNode> merged = new ArrayList<>();
            lists.forEach(merged::addAll);
            merged.sort(Comparator.comparing(AuditFanout::at).reversed());
            return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
        });
    }

    private Uni<List<ObjectNode>> ask(Upstream service, URI base, String query, String authorization) {
        boolean ssl = "https".equalsIgnoreCase(base.getScheme());
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80).setSsl(ssl)
                .setURI(path + "/api/audit" + query)
                .addHeader("Accept", "application/json")
                .addHeader("Authorization", authorization);
        return client.request(options)
                .chain(request -> request.send())
                .chain(response -> response.body().map(body -> read(service, response, body.toString())))
                .ifNoItem().after(timeout).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("audit of %s failed: %s", service.serviceName(), f.getClass().getSimpleName());
                    return new ProblemException(503, "Service Unavailable",
                            service.serviceName() + " did not give its audit trail, try again shortly.");
                });
    }

    private List<ObjectNode> read(Upstream service, HttpClientResponse response, String body) {
        if (response.statusCode() != 200) {
            throw new ProblemException(502, "Bad Gateway",
                    service.serviceName() + " answered " + response.statusCode() + " for its audit trail.");
        }
        try {
            JsonNode json = mapper.readTree(body);
            List<ObjectNode> entries = new ArrayList<>();
            for (JsonNode entry : json) {
                if (entry instanceof ObjectNode object) {
                    entries.add(object.put("service", service.serviceName()));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new ProblemException(502, "Bad Gateway", service.serviceName() + " sent an unreadable audit trail.");
        }
    }

    private static Instant at(ObjectNode entry) {
        try {
            return Instant.parse(entry.path("at").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String query(AuditQuery filter) {
        StringJoiner query = new StringJoiner("&", "?", "");
        if (filter.facilityId() != null) {
            query.add("facilityId=" + URLEncoder.encode(filter.facilityId(), StandardCharsets.UTF_8));
        }
        if (filter.from() != null) {
            query.add("from=" + filter.from());
        }
        if (filter.to() != null) {
            query.add("to=" + filter.to());
        }
        // Each service gives at most "limit" newest entries, so the merge's first "limit" are exact.
        query.add("limit=" + filter.limit());
        return query.toString();
    }
}
