package org.relais.tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The local token key pair as the launcher keeps it: the private key a PKCS#8 PEM ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl genpkey} writes), the public key as {@code quarkus.oidc.public-key} takes it (base64 DER).
 */
public final class SigningKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private SigningKeys() {
    }

    /** An RSA private key from a PKCS#8 PEM or its base64 DER; IllegalArgumentException for anything else. */
    public static PrivateKey privateKey(String pemOrBase64) {
        if (pemOrBase64.contains("-----BEGIN") && !pemOrBase64.contains(BEGIN)) {
            // PKCS#1 ("BEGIN RSA PRIVATE KEY") or an encrypted key: say so rather than fail on the bytes.
            throw new IllegalArgumentException("not a PKCS#8 private key (" + BEGIN + ")");
        }
        String base64 = pemOrBase64.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** The key's DER encoding in base64 (X.509 for a public key, PKCS#8 for a private one). */
    public static String base64(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A private key as a PKCS#8 PEM, as the launcher's openssl writes it. */
    public static String pem(PrivateKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n" + END + "\n";
    }

    /** A new 2048-bit RSA pair, like the launcher's. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no RSA", e);
        }
    }
}
