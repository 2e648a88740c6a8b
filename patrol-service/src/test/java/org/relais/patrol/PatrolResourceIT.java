package org.relais.patrol;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.patrol.support.Callers;
import org.relais.testing.TestTokens;
import org.relais.testing.TestTokenResource;

import static io.restassured.RestAssured.given;
import static org.relais.patrol.support.Callers.asCoordinator;
import static org.relais.patrol.support.Callers.asPatrol;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class PatrolResourceIT {

    @Test
    void listsThreeSeededPatrolsPerArrondissement() {
        List<Map<String, String>> patrols = asPatrol("maraude-18-a").get("/api/patrols")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getList("$");
        for (String arrondissement : List.of("75018", "75019", "75020")) {
            String prefix = "maraude-" + arrondissement.substring(3) + "-";
            List<Map<String, String>> seeded = patrols.stream().filter(p -> p.get("id").startsWith(prefix)).toList();
            assertThat(seeded.stream().map(p -> p.get("id")).toList(),
                    containsInAnyOrder(prefix + "a", prefix + "b", prefix + "c"));
            for (Map<String, String> patrol : seeded) {
                assertThat(patrol.get("arrondissement"), is(arrondissement));
                assertThat(patrol.get("name"), startsWith("Maraude "));
            }
        }
    }

    @Test
    void getsOnePatrol() {
        Callers.with(TestTokens.operator("facility-x")).get("/api/patrols/maraude-19-b")
                .then().statusCode(200)
                .body("id", is("maraude-19-b"))
                .body("arrondissement", is("75019"))
                .body("name", is("Maraude Porte d'Aubervilliers"));
    }

    @Test
    void unknownPatrolIsAProblem() {
        asCoordinator().get("/api/patrols/maraude-99-z")
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
        asCoordinator().get("/api/patrols/maraude-99-z/referrals")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
