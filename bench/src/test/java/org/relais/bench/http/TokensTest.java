package org.relais.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.tokens.SigningKeys;

class TokensTest {

    @Test
    void withoutAKeyPairNoHeaderIsSent(@TempDir Path state) {
        Tokens tokens = Tokens.fromState(state);
        assertFalse(tokens.enabled());
        assertEquals(Map.of(), tokens.patrol("maraude-18-a"));
    }

    @Test
    void signsTokensLikeTheLauncher(@TempDir Path state) throws Exception {
        KeyPair pair = SigningKeys.generate();
        Files.createDirectories(state.resolve("keys"));
        Files.writeString(state.resolve("keys/jwt-private.pem"), SigningKeys.pem(pair.getPrivate()));

        Tokens tokens = Tokens.fromState(state);
        assertTrue(tokens.enabled());
        Map<String, String> header = tokens.operator("bench-operator-0", List.of("bench-00001-00000", "bench-00001-00001"));
        assertSame(header, tokens.operator("bench-operator-0", List.of("bench-00001-00000", "bench-00001-00001")), "cached");
        String jwt = header.get("Authorization").substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));

        ObjectMapper json = new ObjectMapper();
        assertEquals("RS256", json.readTree(Base64.getUrlDecoder().decode(parts[0])).path("alg").asText());
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("operator", claims.path("groups").get(0).asText());
        assertEquals("bench-operator-0", claims.path("sub").asText());
        assertEquals("bench-00001-00001", claims.path("facility_ids").get(1).asText());
        assertTrue(claims.path("exp").asLong() > claims.path("iat").asLong());

        JsonNode patrol = json.readTree(Base64.getUrlDecoder().decode(tokens.patrol("maraude-19-b").get("Authorization").split("\\.")[1]));
        assertEquals("maraude-19-b", patrol.path("patrol_id").asText());
        assertEquals("patrol", patrol.path("groups").get(0).asText());
    }
}
