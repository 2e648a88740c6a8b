package org.relais.patrol.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.relais.testing.TestAreas;

/** Request bodies for tests: valid by default, with fresh random values. */
public final class ReferralRequests {

    private ReferralRequests() {
    }

    public static Map<String, Object> valid(String patrolId) {
        Map<String, Object> needs = new LinkedHashMap<>();
        needs.put("gender", "WOMAN");
        needs.put("couple", false);
        needs.put("pet", true);
        needs.put("wheelchair", false);
        needs.put("activeUse", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patrolId", patrolId);
        body.put("personCode", personCode());
        // A code of this request's own: the run's other tests publish requests to the same topic.
        body.put("arrondissement", isolatedArrondissement());
        body.put("latitude", 48.8849);
        body.put("longitude", 2.3712);
        body.put("needs", needs);
        body.put("kinds", List.of("REST_ROOM", "EMERGENCY_SHELTER"));
        body.put("urgency", 2);
        return body;
    }

    public static String personCode() {
        return "P-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A postal code no real facility or referral uses, to keep a test's records apart. */
    public static String isolatedArrondissement() {
        return TestAreas.next();
    }

    public static String idempotencyKey() {
        return "key-" + UUID.randomUUID();
    }

    /** The person code as patrol-service stores it: HMAC-SHA256 of "person:" + code with the configured secret. */
    public static String personHash(String personCode) {
        String secret = ConfigProvider.getConfig().getValue("relais.person-code.secret", String.class);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("person:" + personCode).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
