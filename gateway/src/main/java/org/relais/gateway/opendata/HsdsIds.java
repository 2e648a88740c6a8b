package org.relais.gateway.opendata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * HSDS ids are UUIDs, Relais ids are slugs: every record of the feed gets a name-based UUID, version 5 (RFC 9562,
 * SHA-1) of a name such as {@code service/halte-nuit-myrha} in the namespace {@link #NAMESPACE}. The same facility
 * has the same ids on every gateway instance, after every restart and in every copy of the feed, with nothing
 * stored, and a consumer can compute a service's id from the facility id it knows.
 */
public final class HsdsIds {

    /** UUID v5 of the URL {@code https://relais.paris/open-data/hsds} in the RFC 9562 URL namespace. */
    public static final UUID NAMESPACE = v5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            "https://relais.paris/open-data/hsds");

    private HsdsIds() {
    }

    public static UUID service(String facilityId) {
        return of("service/" + facilityId);
    }

    /** Any other record, by a name unique among the feed's records ({@code location/<facility id>}). */
    public static UUID of(String name) {
        return v5(NAMESPACE, name);
    }

    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 9562 variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
