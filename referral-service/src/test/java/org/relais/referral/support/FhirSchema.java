package org.relais.referral.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FHIR R4 JSON Schema (HL7's {@code fhir.schema.json}, draft-06; see {@code src/test/resources/fhir/README.md}),
 * checked with a real JSON Schema validator. The schema's root accepts any one FHIR resource, told apart by its
 * {@code resourceType}, so one check covers a Task, a HealthcareService, a Bundle of them or an OperationOutcome.
 */
public final class FhirSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Schema SCHEMA = load();

    private FhirSchema() {
    }

    /**
     * What the schema finds wrong with this JSON document; empty when it is a valid FHIR R4 resource. The root's oneOf
     * reports every other resource type's mismatch too: those lines are left out of the list, never out of the verdict.
     */
    public static List<String> errors(String json) {
        List<String> errors = SCHEMA.validate(JSON.readTree(json)).stream().map(Error::toString).toList();
        if (errors.isEmpty()) {
            return errors;
        }
        List<String> telling = errors.stream()
                .filter(error -> !error.contains("must be the constant value") && !error.contains("only one schema"))
                .distinct().limit(40).toList();
        return telling.isEmpty() ? errors.subList(0, Math.min(40, errors.size())) : telling;
    }

    private static Schema load() {
        try (InputStream in = FhirSchema.class.getResourceAsStream("/fhir/fhir.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("fhir/fhir.schema.json is not on the test classpath");
            }
            // Draft-06, plus two keywords of HL7's file that draft-06 does not define and that validate nothing: the
            // draft-04 style "id" of the root, and "discriminator" (an OpenAPI hint naming the resourceType member).
            Dialect dialect = Dialect.builder(Dialects.getDraft6())
                    .keyword(new NonValidationKeyword("id"))
                    .keyword(new NonValidationKeyword("discriminator"))
                    .build();
            return SchemaRegistry.withDefaultDialect(dialect).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
