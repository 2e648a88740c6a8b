package org.relais.tokens;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deploy/relais token}: prints one signed local token.
 *
 * <pre>--key FILE [--issuer ISS] ROLE [--facility ID]... [--patrol ID] [--subject NAME] [--ttl SECONDS]</pre>
 *
 * Ids and subject go into the token as they are, so only their alphabets are accepted. Bad arguments: a message on
 * stderr and exit status 2; an unreadable key: exit status 1.
 */
public final class TokenCommand {

    static final int BAD_ARGUMENTS = 2;
    static final int NO_KEY = 1;

    private TokenCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Instant.now(), System.out, System.err));
    }

    static int run(String[] args, Instant now, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("relais: " + e.getMessage());
            return BAD_ARGUMENTS;
        }
        PrivateKey key;
        try {
            key = SigningKeys.readPrivateKey(Path.of(request.key));
        } catch (IOException | IllegalArgumentException e) {
            err.println("relais: token: cannot read the signing key " + request.key + ": " + e.getMessage());
            return NO_KEY;
        }
        out.println(LocalToken.of(request.role).issuer(request.issuer).subject(request.subject).patrol(request.patrol)
                .facilities(request.facilities).issuedAt(now).lifetime(Duration.ofSeconds(request.ttl)).sign(key));
        return 0;
    }

    /** The arguments, checked in the order the launcher always checked them. */
    private static final class Request {
        String role;
        String key;
        String issuer = LocalToken.LOCAL_ISSUER;
        String patrol;
        String subject;
        long ttl = LocalToken.DEFAULT_LIFETIME.toSeconds();
        final List<String> facilities = new ArrayList<>();

        static Request parse(String[] args) {
            Request request = new Request();
            String ttl = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--key" -> request.key = value(args, ++i, arg);
                    case "--issuer" -> request.issuer = value(args, ++i, arg);
                    case "--facility" -> request.facilities.add(value(args, ++i, arg));
                    case "--patrol" -> request.patrol = value(args, ++i, arg);
                    case "--subject" -> request.subject = value(args, ++i, arg);
                    case "--ttl" -> ttl = value(args, ++i, arg);
                    default -> {
                        if (arg.startsWith("-") || request.role != null) {
                            throw new IllegalArgumentException("token: unknown option " + arg);
                        }
                        request.role = arg;
                    }
                }
            }
            if (request.role == null || !Claims.ROLES.contains(request.role)) {
                throw new IllegalArgumentException("token ROLE: ROLE is one of " + String.join(", ", Claims.ROLES));
            }
            if (request.key == null) {
                throw new IllegalArgumentException("token: --key FILE is missing");
            }
            List<String> ids = new ArrayList<>(request.facilities);
            if (request.patrol != null) {
                ids.add(request.patrol);
            }
            for (String id : ids) {
                if (!id.matches(Claims.ID_PATTERN)) {
                    throw new IllegalArgumentException("token: '" + id + "' is not a facility or patrol id");
                }
            }
            if (ttl != null) {
                if (!ttl.matches("[0-9]{1,7}")) {
                    throw new IllegalArgumentException("token: --ttl takes seconds");
                }
                request.ttl = Long.parseLong(ttl);
            }
            if (request.role.equals(Claims.PATROL) && request.patrol == null) {
                throw new IllegalArgumentException("token patrol needs --patrol ID");
            }
            if (request.role.equals(Claims.OPERATOR) && request.facilities.isEmpty()) {
                throw new IllegalArgumentException("token operator needs at least one --facility ID");
            }
            if (request.subject != null && !request.subject.matches(Claims.SUBJECT_PATTERN)) {
                throw new IllegalArgumentException("token: --subject takes letters, digits and ._@-");
            }
            return request;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException("token: " + option + " takes a value");
            }
            return args[index];
        }
    }
}
