package io.flowstate.core.route;

import java.util.Locale;

/**
 * Brings host names into the one form the router compares: lower case (RFC 9110 4.2.3:
 * the host is case-insensitive), no port, no trailing dot of a fully qualified name, and
 * IPv6 literals in brackets. IPv6 literals are compared as written, not canonicalised.
 */
final class HostNames {

    private HostNames() {
    }

    /**
     * The host part of a Host field value (RFC 9110 7.2, {@code uri-host [ ":" port ]}) in
     * compared form, or null when {@code host} is null or names no host. Returns
     * {@code host} itself, without allocating, when it is already in that form.
     */
    static String ofField(String host) {
        if (host == null) {
            return null;
        }
        int end = host.length();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close >= 0) {
                end = close + 1;
            }
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                end = colon;
            }
            if (end > 1 && host.charAt(end - 1) == '.') {
                end--;
            }
        }
        if (end == 0) {
            return null;
        }
        if (end == host.length() && isLowerAscii(host)) {
            return host;
        }
        return host.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** A route's host pattern in compared form: lower case, bracketed IPv6, no trailing dot. */
    static String ofPattern(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (!p.startsWith("[") && p.indexOf(':') >= 0) {
            return "[" + p + "]";
        }
        if (p.length() > 1 && p.endsWith(".")) {
            return p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** True when lower-casing cannot change {@code s}: ASCII without capital letters. */
    private static boolean isLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
