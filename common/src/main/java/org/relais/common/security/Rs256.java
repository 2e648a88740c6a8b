package org.relais.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Compact RS256 JWS, the one signing step of the local tokens (the gateway's local sign-in and the tests'
 * tokens); production tokens come from the city's OIDC provider.
 */
public final class Rs256 {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Rs256() {
    }

    /** {@code header.payload.signature} for these claims (JSON bytes), with {@code kid} in the header. */
    public static String sign(String kid, byte[] claimsJson, PrivateKey key) throws GeneralSecurityException {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String signingInput = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64URL.encodeToString(claimsJson);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64URL.encodeToString(rsa.sign());
    }
}
