package org.relais.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void extensionMembersSitBesideTheStandardOnes() throws Exception {
        Problem problem = ProblemException.conflict("This person already has an active referral.")
                .with("activeReferralId", "r-1").problem();
        JsonNode body = json.readTree(json.writeValueAsString(problem));
        assertEquals(409, body.get("status").asInt());
        assertEquals("r-1", body.get("activeReferralId").asText());
        assertFalse(body.has("extensions"));
        assertFalse(body.has("members"));
    }

    @Test
    void aPlainProblemHasNoExtraMembers() throws Exception {
        JsonNode body = json.readTree(json.writeValueAsString(Problem.of(404, "Not Found", "No such referral.")));
        assertEquals(4, body.size());
    }
}
