package org.relais.gateway.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The vendored HSDS 3.1 schemas ({@code src/test/resources/hsds-3.1}) with a JSON Schema 2020-12 validator (the
 * dialect HSDS's OpenAPI declares; the files name none): {@code $ref}s between files resolve to the vendored copies,
 * never to the network, and formats (uuid, date-time, uri) are asserted, not just annotated.
 */
public final class HsdsSchemas {

    /** A base IRI of our own for the vendored files: nothing is ever fetched from it. */
    private static final String BASE = "https://hsds.relais.invalid/schema/";

    /**
     * Draft 2020-12 with the keywords HSDS adds for its tabular (CSV data package) form, which say nothing about a
     * JSON document: known here as annotations, so they are neither warned about nor mistaken for assertions.
     */
    private static final Dialect HSDS_2020_12 = Dialect.builder(Dialects.getDraft202012())
            .keywords(Stream.of("name", "path", "datapackage_metadata", "datapackage_type", "constraints", "example", "core",
                    "tabular_required").map(NonValidationKeyword::new).toList())
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(HSDS_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .schemaIdResolvers(ids -> ids.mapPrefix(BASE, "classpath:hsds-3.1/"))));

    /** One service, fully nested ({@code GET /services/{id}}). */
    public static final Schema SERVICE = REGISTRY.getSchema(SchemaLocation.of(BASE + "service.json"));

    /**
     * A page of services ({@code GET /services}): the HSDS API's {@code Page} (every member required here, as the
     * feed always sends them) with {@code contents} of services.
     */
    public static final Schema SERVICE_PAGE = REGISTRY.getSchema(SchemaLocation.of(BASE + "relais-service-page.json"), """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "allOf": [{"$ref": "openapi.json#/components/schemas/Page"}],
              "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                           "contents"],
              "properties": {"contents": {"type": "array", "items": {"$ref": "service.json"}}}
            }
            """, InputFormat.JSON);

    /** The API's root ({@code GET /}), as HSDS's OpenAPI describes its answer; version required here. */
    public static final Schema ROOT = REGISTRY.getSchema(SchemaLocation.of(BASE + "relais-root.json"), """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "allOf": [{"$ref": "openapi.json#/paths/~1/get/responses/200/content/application~1json/schema"}],
              "required": ["version"]
            }
            """, InputFormat.JSON);

    private HsdsSchemas() {
    }

    public static List<Error> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    public static void assertValid(Schema schema, String json) {
        List<Error> errors = errors(schema, json);
        assertTrue(errors.isEmpty(), () -> errors.stream().map(Error::toString).collect(Collectors.joining("\n", "", "\n")) + json);
    }
}
