package org.relais.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTokenTest {

    private static final KeyPair PAIR = SigningKeys.generate();
    private static final Instant NOW = Instant.parse("2026-12-05T05:00:00Z");

    @Test
    void aSignedTokenVerifiesWithThePublicKeyAndSaysWhatItWasGiven() throws Exception {
        String jwt = LocalToken.of("operator").facilities(List.of("halte-nuit-myrha", "abri-19")).issuer("relais-x")
                .issuedAt(NOW).lifetime(Duration.ofMinutes(30)).sign(PAIR.getPrivate());

        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        assertTrue(verifies(parts, PAIR.getPublic()));
        assertFalse(verifies(parts, SigningKeys.generate().getPublic()), "a stranger's key does not verify it");
        assertEquals("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"relais-local\"}", decode(parts[0]));
        assertEquals("{\"iss\":\"relais-x\",\"sub\":\"local-operator\",\"upn\":\"local-operator\",\"groups\":[\"operator\"],"
                + "\"iat\":1796446800,\"exp\":1796448600,\"facility_ids\":[\"halte-nuit-myrha\",\"abri-19\"]}", decode(parts[1]));
    }

    @Test
    void aPatrolTokenIsBoundToItsPatrolAndNamedAfterIt() {
        LocalToken token = LocalToken.of("patrol").patrol("maraude-18-a").issuedAt(NOW);
        assertEquals("{\"iss\":\"relais-local\",\"sub\":\"local-patrol-maraude-18-a\",\"upn\":\"local-patrol-maraude-18-a\","
                + "\"groups\":[\"patrol\"],\"iat\":1796446800,\"exp\":1796490000,\"patrol_id\":\"maraude-18-a\"}", token.claimsJson());
        assertEquals(NOW.plus(Duration.ofHours(12)), token.expiresAt());
    }

    @Test
    void extraClaimsComeLastAndReplaceAGivenOne() {
        String claims = LocalToken.of("operator").subject("test-operator").kid("relais-test").issuedAt(NOW)
                .claim("groups", List.of("operator", "admin")).claim("level", 3).claim("nested", Map.of("ok", true))
                .claimsJson();
        assertEquals("{\"iss\":\"relais-local\",\"sub\":\"test-operator\",\"upn\":\"test-operator\",\"groups\":[\"operator\",\"admin\"],"
                + "\"iat\":1796446800,\"exp\":1796490000,\"level\":3,\"nested\":{\"ok\":true}}", claims);
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u2028é\"", Json.write("a\"b\\c\n\t\u0001\u2028é"));
        String claims = LocalToken.of("coordinator").subject("x\",\"groups\":[\"admin\"]").issuedAt(NOW).claimsJson();
        assertTrue(claims.contains("\"sub\":\"x\\\",\\\"groups\\\":[\\\"admin\\\"]\""), claims);
        assertTrue(claims.contains("\"groups\":[\"coordinator\"]"), claims);
    }

    @Test
    void valuesJsonCannotSayExactlyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(1.5));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "a")));
        assertThrows(IllegalArgumentException.class, () -> LocalToken.of("admin").claim("when", NOW).claimsJson());
    }

    @Test
    void keysReadAsTheLauncherWritesThem() throws Exception {
        String jwt = LocalToken.of("admin").sign(SigningKeys.privateKey(SigningKeys.pem(PAIR.getPrivate())));
        assertTrue(verifies(jwt.split("\\."), PAIR.getPublic()));
        assertEquals(PAIR.getPrivate(), SigningKeys.privateKey(SigningKeys.base64(PAIR.getPrivate())));
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.privateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"));
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.privateKey("not a key"));
    }

    static boolean verifies(String[] parts, PublicKey key) throws Exception {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
