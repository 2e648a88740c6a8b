package org.relais.gateway.site;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.relais.events.TopicSettings;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;

/** The event contract is served at /q/asyncapi to anyone, as written (YAML) and as JSON, like the API description. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class EventContractRouteIT {

    @Test
    void servedWithoutATokenAsWritten() throws IOException {
        byte[] written;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/asyncapi.yaml")) {
            written = in.readAllBytes();
        }
        byte[] served = given().get("/q/asyncapi").then()
                .statusCode(200)
                .contentType(startsWith("application/yaml"))
                .header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        assertEquals(new String(written, java.nio.charset.StandardCharsets.UTF_8),
                new String(served, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void servedAsJsonOnRequest() throws IOException {
        JsonNode written;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/asyncapi.yaml")) {
            written = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        String json = given().queryParam("format", "json").get("/q/asyncapi").then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("asyncapi", equalTo("3.0.0"))
                .body("channels.size()", equalTo(TopicSettings.ALL.size()))
                .extract().asString();
        assertEquals(written, new ObjectMapper().readTree(json));
    }
}
