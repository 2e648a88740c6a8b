package org.relais.gateway.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request path in one spelling, for the checks that go by path (rate limit, local sign-in): the router and the
 * REST layer reach {@code /api/capacity} as {@code //api/capacity}, {@code /%61pi/capacity} or {@code /./api/capacity}
 * too, so a check on the raw path is dodged by writing it differently. Decodes every percent-escape, drops path
 * parameters ({@code ;x}), repeated slashes and dot segments, until nothing changes. It only ever decides which
 * check applies: a path it makes look like an API path is at worst limited once too often.
 */
public final class RequestPaths {

    private static final int MAX_ROUNDS = 4;

    private RequestPaths() {
    }

    /** {@code path}: the request's path, raw or already normalized by Vert.x ({@code RoutingContext.normalizedPath()}). */
    public static String canonical(String path) {
        String current = path == null || path.isEmpty() ? "/" : path;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = removeDotSegments(percentDecode(current).replaceAll(";[^/]*", ""));
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current;
    }

    /** The public API, limited per caller. */
    public static boolean isApi(String canonical) {
        return canonical.equals("/api") || canonical.startsWith("/api/");
    }

    /** The anonymous open-data feed, limited per client address. */
    public static boolean isOpenData(String canonical) {
        return canonical.equals("/open-data") || canonical.startsWith("/open-data/");
    }

    /** The local sign-in, limited per client address. */
    public static boolean isLocalSignIn(String canonical) {
        return canonical.equals("/dev/login") || canonical.startsWith("/dev/login/");
    }

    /** Empty segments and "." go, ".." takes the segment before it away (never above the root). */
    static String removeDotSegments(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        boolean trailingSlash = path.endsWith("/") && !segments.isEmpty();
        return "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
    }

    /** Every well-formed %XX as its byte (UTF-8); a malformed escape stays as it is. */
    static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        int i = 0;
        while (i < path.length()) {
            if (path.charAt(i) == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                bytes.write(hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
                i += 3;
            } else {
                int codePoint = path.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
