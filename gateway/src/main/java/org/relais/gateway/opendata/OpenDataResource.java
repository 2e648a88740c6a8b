package org.relais.gateway.opendata;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.relais.common.problem.ProblemException;
import org.relais.gateway.live.CapacityService;

/**
 * The open-data feed: the live board's facilities as Open Referral HSDS 3.1 services, read-only and anonymous (it
 * holds what the board shows anyone, and nothing about people). Rate limited per client address like anonymous API
 * calls ({@code RateLimitFilter}), cacheable for a short while, and readable from any origin (the CORS header is
 * set in application.properties for every /open-data/ answer, errors included).
 */
@Path("/open-data/hsds")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class OpenDataResource {

    /** The HSDS API document this feed follows (the Open Referral commit vendored in the gateway's tests). */
    static final String OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/"
            + "abc731c8ac11825010e9d74a0ab61dcd48e880ec/schema/openapi.json";
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 200;
    /** HSDS list filters this feed does not implement: refused, since ignoring one would answer another question. */
    private static final List<String> UNSUPPORTED = List.of("search", "taxonomy_term_id", "taxonomy_id", "organization_id",
            "modified_after", "minimal", "postcode", "proximity");

    private final HsdsFeed feed;
    private final CapacityService board;
    private final String cacheControl;

    public OpenDataResource(HsdsFeed feed, CapacityService board,
            @ConfigProperty(name = "relais.open-data.max-age") Duration maxAge) {
        this.feed = feed;
        this.board = board;
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    @GET
    @Path("/")
    public RestResponse<Hsds.ApiInfo> root() {
        return cached(new Hsds.ApiInfo(Hsds.VERSION, OPENAPI_URL));
    }

    @GET
    @Path("/services")
    public RestResponse<Hsds.Page<Hsds.Service>> services(UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (String name : UNSUPPORTED) {
            if (query.containsKey(name)) {
                throw ProblemException.badRequest(name + " is not supported by this feed; page and per_page are.");
            }
        }
        if (query.containsKey("full") && !"true".equals(query.getFirst("full"))) {
            throw ProblemException.badRequest("full must be true: services are always fully nested.");
        }
        if (query.containsKey("format") && !"json".equals(query.getFirst("format"))) {
            throw ProblemException.badRequest("format must be json.");
        }
        int page = positive(query, "page", 1, Integer.MAX_VALUE);
        int perPage = positive(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        board.requireBoard();
        return cached(feed.page(page, perPage, Instant.now()));
    }

    @GET
    @Path("/services/{id}")
    public RestResponse<Hsds.Service> service(@RestPath String id) {
        board.requireBoard();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown();
        }
        return cached(feed.service(uuid, Instant.now()).orElseThrow(OpenDataResource::unknown));
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("No service has this id.");
    }

    private static int positive(MultivaluedMap<String, String> query, String name, int fallback, int max) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest(name + " must be given once.");
        }
        String value = values.get(0).trim();
        if (!value.matches("[0-9]{1,10}")) {
            throw ProblemException.badRequest(name + " must be a whole number from 1 to " + max + ".");
        }
        long parsed = Long.parseLong(value);
        if (parsed < 1 || parsed > max) {
            throw ProblemException.badRequest(name + " must be a whole number from 1 to " + max + ".");
        }
        return (int) parsed;
    }

    private <T> RestResponse<T> cached(T body) {
        return RestResponse.ResponseBuilder.ok(body).header("Cache-Control", cacheControl).build();
    }
}
