package org.relais.gateway.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The event contract (AsyncAPI 3.0, META-INF/asyncapi.yaml, written by hand) at {@code /q/asyncapi}, beside the API
 * description at {@code /q/openapi} and in the same two forms (YAML, or JSON with {@code ?format=json}). Served
 * without a token like that one: it describes topics and payloads, never data. Read once at start: it is part of the
 * build.
 */
@ApplicationScoped
public class EventContractRoute {

    static final String PATH = "/q/asyncapi";
    private static final String RESOURCE = "/META-INF/asyncapi.yaml";

    private final Buffer yaml;
    private final Buffer json;

    public EventContractRoute() {
        try (InputStream in = EventContractRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            byte[] bytes = in.readAllBytes();
            yaml = Buffer.buffer(bytes);
            json = Buffer.buffer(new ObjectMapper().writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    void register(@Observes Router router) {
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            boolean asJson = "json".equalsIgnoreCase(ctx.queryParams().get("format"));
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, asJson ? "application/json" : "application/yaml;charset=UTF-8")
                    .end(asJson ? json : yaml);
        });
    }
}
