package org.relais.patrol.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.relais.patrol.config.PersonCodeConfig;

/**
 * HMAC-SHA256 with the configured secret. A plain hash of a short person code could be reversed by trying
 * every code; a keyed one lets the same person be recognised again without being identifiable by anyone who
 * lacks the secret. Each use has its own prefix so that the two hashes can never be confused.
 */
@ApplicationScoped
public class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public KeyedHash(PersonCodeConfig config) {
        this.key = new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The only form in which a person code is stored; it is never published. */
    public String personHash(String personCode) {
        return hmac("person:" + personCode);
    }

    /** Fingerprint of a request body, kept to recognise a replay; keyed because the body holds the person code. */
    public String requestFingerprint(String canonicalBody) {
        return hmac("request:" + canonicalBody);
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
