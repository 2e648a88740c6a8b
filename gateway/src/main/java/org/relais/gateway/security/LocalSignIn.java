package org.relais.gateway.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the local sign-in ({@code /dev/login}, which signs a token for any role) may be used: on this machine only.
 * The gateway must listen on a loopback address, and each caller must come from one. Addresses are IP literals,
 * never resolved: a name other than "localhost" is not taken as loopback.
 */
public final class LocalSignIn {

    /** Headers a reverse proxy adds: the request then came from somewhere else, whatever the socket says. */
    private static final List<String> RELAYED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private LocalSignIn() {
    }

    /**
     * Refuses to start a local sign-in that other machines could reach: anyone on the network could sign in as
     * admin.
     */
    public static void requireLoopbackBinding(boolean enabled, String httpHost) {
        if (enabled && !isLoopback(httpHost)) {
            throw new IllegalStateException("relais.dev-login.enabled is true while quarkus.http.host is " + httpHost
                    + ": the local sign-in signs a token for any role, so it runs only on a gateway bound to loopback"
                    + " (127.0.0.1). Bind to 127.0.0.1, or turn the local sign-in off and hand out tokens"
                    + " (deploy/relais token).");
        }
    }

    /**
     * The caller is on this machine: the connection's own remote address is loopback (never a forwarded one, which
     * the client writes), and no proxy says it relayed the request from elsewhere.
     */
    public static boolean isLocalCaller(HttpServerRequest request) {
        SocketAddress remote = request.connection() == null ? null : request.connection().remoteAddress();
        if (remote == null || !isLoopback(remote.hostAddress())) {
            return false;
        }
        return RELAYED.stream().noneMatch(header -> request.headers().contains(header));
    }

    /** A loopback IP literal (127.0.0.0/8, ::1, IPv4-mapped 127.x) or "localhost". */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String literal = host.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.equalsIgnoreCase("localhost")) {
            return true;
        }
        var ipv4 = IPV4.matcher(literal);
        if (ipv4.matches()) {
            for (int octet = 1; octet <= 4; octet++) {
                if (Integer.parseInt(ipv4.group(octet)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(ipv4.group(1)) == 127;
        }
        if (!literal.contains(":")) {
            return false; // a name: never resolved, never trusted
        }
        try {
            // Brackets make Java parse an IPv6 literal or fail, never look a name up.
            return InetAddress.getByName("[" + literal + "]").isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
