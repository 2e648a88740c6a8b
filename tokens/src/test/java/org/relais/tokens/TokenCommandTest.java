package org.relais.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCommandTest {

    private static final KeyPair PAIR = SigningKeys.generate();
    private static final Instant NOW = Instant.parse("2026-12-05T05:00:00Z");

    @TempDir
    static Path dir;
    private static Path key;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void keyFile() throws Exception {
        key = Files.writeString(dir.resolve("jwt-private.pem"), SigningKeys.pem(PAIR.getPrivate()));
    }

    @Test
    void printsASignedTokenWithTheClaimsAsked() throws Exception {
        assertEquals(0, run("--key", key.toString(), "--issuer", "relais-test", "patrol", "--patrol", "maraude-19-b",
                "--subject", "team.b@relais", "--ttl", "60"));
        String[] parts = out.toString(StandardCharsets.UTF_8).strip().split("\\.");
        assertTrue(LocalTokenTest.verifies(parts, PAIR.getPublic()));
        assertEquals("{\"iss\":\"relais-test\",\"sub\":\"team.b@relais\",\"upn\":\"team.b@relais\",\"groups\":[\"patrol\"],"
                + "\"iat\":1796446800,\"exp\":1796446860,\"patrol_id\":\"maraude-19-b\"}", LocalTokenTest.decode(parts[1]));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorHasItsFacilitiesAndTheLocalDefaults() {
        assertEquals(0, run("--key", key.toString(), "operator", "--facility", "f1-a", "--facility", "f2-b"));
        String claims = LocalTokenTest.decode(out.toString(StandardCharsets.UTF_8).strip().split("\\.")[1]);
        assertEquals("{\"iss\":\"relais-local\",\"sub\":\"local-operator\",\"upn\":\"local-operator\",\"groups\":[\"operator\"],"
                + "\"iat\":1796446800,\"exp\":1796490000,\"facility_ids\":[\"f1-a\",\"f2-b\"]}", claims);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "visitor                                  | ROLE is one of patrol, operator, coordinator, admin",
        "''                                       | ROLE is one of",
        "admin --colour red                       | unknown option --colour",
        "admin coordinator                        | unknown option coordinator",
        "operator --facility Halte                | Halte' is not a facility or patrol id",
        "operator --facility a\"b                 | is not a facility or patrol id",
        "patrol --patrol maraude-18-a --ttl 1h    | --ttl takes seconds",
        "admin --ttl 12345678                     | --ttl takes seconds",
        "patrol                                   | token patrol needs --patrol ID",
        "operator                                 | token operator needs at least one --facility ID",
        "coordinator --subject a\"b               | --subject takes letters, digits and ._@-",
        "coordinator --subject                    | --subject takes a value",
    })
    void badArgumentsSayWhyAndExit2(String arguments, String message) {
        String[] args = arguments.isEmpty() ? new String[0] : arguments.split(" ");
        String[] withKey = new String[args.length + 2];
        withKey[0] = "--key";
        withKey[1] = key.toString();
        System.arraycopy(args, 0, withKey, 2, args.length);
        assertEquals(2, run(withKey));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(message), err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAKeyItExits2AndWithAnUnreadableOne1() throws Exception {
        assertEquals(2, run("admin"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--key FILE is missing"));
        assertEquals(1, run("--key", Files.writeString(dir.resolve("junk.pem"), "junk").toString(), "admin"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return TokenCommand.run(args, NOW, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
