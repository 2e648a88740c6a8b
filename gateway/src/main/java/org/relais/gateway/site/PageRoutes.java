package org.relais.gateway.site;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The pages' short addresses: Quarkus serves {@code /patrol/index.html} at {@code /patrol/} only, and people
 * type {@code /patrol}. A permanent redirect keeps the page's relative links right.
 */
@ApplicationScoped
public class PageRoutes {

    static final List<String> PAGES = List.of("/patrol", "/operator", "/report");

    void register(@Observes Router router) {
        for (String page : PAGES) {
            // Vert.x matches "/patrol/" to this route too: redirect only the exact short address.
            router.route(page).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
                if (ctx.request().path().equals(page)) {
                    ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, page + "/").end();
                } else {
                    ctx.next();
                }
            });
        }
    }
}
