package org.relais.bench.http;

/**
 * Reads one top-level field of a JSON object without building a tree. Subscribers receive up to hundreds of
 * thousands of events a second in one process: a full parse of each would measure the load tool, not Relais.
 * Nested objects and arrays are skipped, so a key of the same name inside them never matches.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The raw value of {@code key} at depth 1 (string without quotes and unescaped), or null if absent/null. */
    public static String get(CharSequence json, String key) {
        int n = json.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = endOfString(json, i);
                if (depth == 1) {
                    int colon = skipSpace(json, end + 1);
                    if (colon < n && json.charAt(colon) == ':') {
                        if (regionEquals(json, i + 1, end, key)) {
                            return value(json, skipSpace(json, colon + 1));
                        }
                        i = colon + 1;
                        continue;
                    }
                }
                i = end + 1;
            } else {
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                i++;
            }
        }
        return null;
    }

    public static long getLong(CharSequence json, String key, long absent) {
        String v = get(json, key);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    private static String value(CharSequence json, int i) {
        int n = json.length();
        if (i >= n) {
            return null;
        }
        char c = json.charAt(i);
        if (c == '"') {
            int end = endOfString(json, i);
            return unescape(json, i + 1, end);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int j = i;
            while (j < n) {
                char d = json.charAt(j);
                if (d == '"') {
                    j = endOfString(json, j) + 1;
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return json.subSequence(i, j + 1).toString();
                    }
                }
                j++;
            }
            return json.subSequence(i, n).toString();
        }
        int j = i;
        while (j < n && ",}] \t\r\n".indexOf(json.charAt(j)) < 0) {
            j++;
        }
        String raw = json.subSequence(i, j).toString();
        return "null".equals(raw) ? null : raw;
    }

    /** Index of the closing quote of the string opening at {@code open}. */
    private static int endOfString(CharSequence json, int open) {
        int j = open + 1;
        int n = json.length();
        while (j < n) {
            char c = json.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '"') {
                return j;
            }
            j++;
        }
        return n - 1;
    }

    private static int skipSpace(CharSequence json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean regionEquals(CharSequence json, int from, int to, String key) {
        if (to - from != key.length()) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            if (json.charAt(from + k) != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(CharSequence json, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = json.charAt(k);
            if (c == '\\' && k + 1 < to) {
                char e = json.charAt(++k);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.subSequence(k + 1, k + 5).toString(), 16));
                        k += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
