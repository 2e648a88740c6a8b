package org.relais.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.gateway.proxy.RouteTable;
import org.relais.gateway.audit.AuditResource;
import org.relais.gateway.live.CapacityResource;
import org.relais.gateway.live.CapacityStream;

/**
 * The public API description (META-INF/openapi.yaml, written by hand) against what the gateway really routes: every
 * documented operation is forwarded by a {@link RouteTable} rule or served by the gateway itself, with exactly the
 * roles documented; every rule and every route of the gateway's own is documented; and each operation says what an
 * integrator needs (operation id, summary, roles, problem+json errors with an example).
 */
class ApiDescriptionTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete", "head", "options", "trace");
    /** The gateway's own /api resources (JAX-RS); the capacity stream is a plain Vert.x route. */
    private static final List<Class<?>> GATEWAY_RESOURCES = List.of(CapacityResource.class, AuditResource.class);
    private static final Map<Class<? extends Annotation>, HttpMethod> JAX_RS_METHODS = Map.of(GET.class, HttpMethod.GET,
            PUT.class, HttpMethod.PUT, POST.class, HttpMethod.POST, PATCH.class, HttpMethod.PATCH, DELETE.class, HttpMethod.DELETE);

    /**
     * Rules with no operation behind them, so nothing to document: patrol-service takes no write today (patrols come
     * with the seed data), and this rule only keeps any write to /api/patrols an admin's.
     */
    private static final Set<String> GUARDS_ONLY = Set.of("/api/patrols(/.*)?");

    private static JsonNode document;
    private static List<Operation> documented;

    /** One documented operation, with the roles of its bearer requirement. */
    record Operation(String path, HttpMethod method, Set<String> roles, JsonNode node) {

        String name() {
            return method + " " + path;
        }

        /** A concrete path for the template, as a caller would send it ("{id}" becomes an id). */
        String samplePath() {
            return path.replaceAll("\\{[^/}]+}", "sample-1");
        }
    }

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = ApiDescriptionTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml is on the classpath");
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        documented = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (METHODS.contains(entry.getKey())) {
                documented.add(new Operation(path.getKey(), HttpMethod.valueOf(entry.getKey().toUpperCase()),
                        roles(entry.getValue()), entry.getValue()));
            }
        }));
        assertFalse(documented.isEmpty());
    }

    @Test
    void everyDocumentedOperationIsRoutedWithTheDocumentedRoles() {
        Map<String, Set<String>> served = servedByTheGateway();
        for (Operation operation : documented) {
            Set<String> expected = served.get(operation.name());
            if (expected == null) {
                RouteTable.Rule rule = ruleFor(operation.samplePath(), operation.method());
                if (rule == null) {
                    fail(operation.name() + " is documented, but the gateway neither forwards nor serves it");
                }
                expected = rule.roles();
            }
            assertEquals(new TreeSet<>(expected), new TreeSet<>(operation.roles()), "roles of " + operation.name());
        }
    }

    @Test
    void everyRouteIsDocumented() {
        Set<String> names = new HashSet<>();
        documented.forEach(operation -> names.add(operation.name()));
        for (String route : servedByTheGateway().keySet()) {
            assertTrue(names.contains(route), route + " is served by the gateway but not documented");
        }
        for (RouteTable.Rule rule : RouteTable.RULES) {
            if (rule.methods().isEmpty() && GUARDS_ONLY.contains(rule.pathRegex())) {
                continue;
            }
            boolean covered = documented.stream()
                    .anyMatch(operation -> ruleFor(operation.samplePath(), operation.method()) == rule);
            assertTrue(covered, "no documented operation is forwarded by the rule " + rule.pathRegex() + " " + rule.methods());
        }
    }

    @Test
    void onlyThePublicApiIsDescribed() {
        document.path("paths").fieldNames().forEachRemaining(path ->
                assertTrue(path.startsWith("/api/"), path + ": the local sign-in and /q/ are not public API"));
    }

    @Test
    void eachOperationSaysWhatAnIntegratorNeeds() {
        assertTrue(document.path("openapi").asText().startsWith("3.1."), "OpenAPI 3.1");
        assertTrue(document.path("servers").size() > 0, "servers");
        JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
        assertEquals("JWT", bearer.path("bearerFormat").asText());

        Set<String> operationIds = new HashSet<>();
        for (Operation operation : documented) {
            String name = operation.name();
            String operationId = operation.node().path("operationId").asText();
            assertFalse(operationId.isBlank(), name + ": operationId");
            assertTrue(operationIds.add(operationId), name + ": operationId " + operationId + " is used twice");
            assertFalse(operation.node().path("summary").asText().isBlank(), name + ": summary");
            assertFalse(operation.roles().isEmpty(), name + ": the roles that may call it");
            JsonNode responses = operation.node().path("responses");
            assertTrue(responses.has("401") && responses.has("403"), name + ": 401 and 403");
            responses.fields().forEachRemaining(response -> {
                int status = Integer.parseInt(response.getKey());
                if (status >= 400) {
                    JsonNode problem = resolve(response.getValue()).path("content").path("application/problem+json");
                    assertFalse(problem.isMissingNode(), name + " " + status + ": application/problem+json");
                    assertEquals(status, problem.path("example").path("status").asInt(), name + " " + status + ": an example");
                }
            });
        }
    }

    /** The first rule the gateway's router would pick for this path and method, as ReverseProxy registers them. */
    private static RouteTable.Rule ruleFor(String path, HttpMethod method) {
        for (RouteTable.Rule rule : RouteTable.RULES) {
            if ((rule.methods().isEmpty() || rule.methods().contains(method)) && rule.pattern().matcher(path).matches()) {
                return rule;
            }
        }
        return null;
    }

    /** "GET /api/capacity" and the like, with their roles, from the gateway's own resources and stream route. */
    private static Map<String, Set<String>> servedByTheGateway() {
        Map<String, Set<String>> served = new LinkedHashMap<>();
        served.put(HttpMethod.GET + " " + CapacityStream.PATH, CapacityStream.ROLES);
        for (Class<?> resource : GATEWAY_RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (Map.Entry<Class<? extends Annotation>, HttpMethod> verb : JAX_RS_METHODS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        String path = sub == null ? base : base + "/" + sub.value().replaceAll("^/", "");
                        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                                ? method.getAnnotation(RolesAllowed.class) : resource.getAnnotation(RolesAllowed.class);
                        assertNotNull(roles, resource.getSimpleName() + "." + method.getName() + ": @RolesAllowed");
                        served.put(verb.getValue() + " " + path, Set.of(roles.value()));
                    }
                }
            }
        }
        return served;
    }

    private static Set<String> roles(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.path("security") : document.path("security");
        Set<String> roles = new HashSet<>();
        security.forEach(requirement -> requirement.path("bearer").forEach(role -> roles.add(role.asText())));
        return roles;
    }

    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
