package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/** The gateway's metrics: the live stream's readers among them, for an admin token only. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class MetricsIT {

    @Test
    void anAdminReadsTheStreamReaders() {
        given().header("Authorization", TestTokens.bearer(TestTokens.admin())).get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("relais_capacity_stream_readers"));
    }

    @Test
    void nobodyElseReadsThem() {
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a"))).get("/q/metrics").then()
                .statusCode(403);
    }
}
