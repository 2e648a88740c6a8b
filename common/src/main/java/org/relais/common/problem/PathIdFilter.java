package org.relais.common.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every id in a path (facility, patrol, referral) is a slug or a UUID: anything else names no resource and gets
 * a 404 problem before it reaches a query (a NUL byte, for one, is not even storable text in PostgreSQL).
 */
public class PathIdFilter {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

    @ServerRequestFilter
    public Response ids(UriInfo uri) {
        for (List<String> values : uri.getPathParameters().values()) {
            for (String value : values) {
                if (!ID.matcher(value).matches()) {
                    return Response.status(404).type(Problem.MEDIA_TYPE)
                            .entity(Problem.of(404, "Not Found", "No such resource.")).build();
                }
            }
        }
        return null;
    }
}
