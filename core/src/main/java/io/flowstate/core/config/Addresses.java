package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Parses and checks the address forms of the config: {@code host:port} (listen), backend URLs
 * and route hosts. Hosts are IPv4 literals (dotted quad, no leading zeros), host names (labels of
 * letters, digits, {@code -} and {@code _}, RFC 1123 lengths) or bracketed IPv6 literals (RFC 4291
 * text form, no zone id). Every method throws IllegalArgumentException with a message fit for a
 * {@link ConfigError}. Nothing here touches the network except {@link #resolve} for host names.
 */
final class Addresses {

    /** A checked host and port; {@code host} is lower-case, IPv6 without brackets. */
    record HostPort(String host, int port) {
    }

    private Addresses() {
    }

    /** {@code host:port} or {@code [v6]:port}, the port in {@code minPort..65535}. */
    static HostPort hostPort(String s, int minPort) {
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw fail("missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            if (ipv6(host) == null) {
                throw fail("invalid IPv6 address " + Json.quote(host));
            }
            String rest = s.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw fail("missing port; expected [address]:port, e.g. \"[::1]:8080\"");
            }
            portText = rest.substring(1);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw fail("missing port; expected host:port, e.g. \"127.0.0.1:8080\"");
            }
            host = s.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw fail("an IPv6 address needs brackets, e.g. \"[::1]:8080\"");
            }
            checkHost(host);
            portText = s.substring(colon + 1);
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port(portText, minPort));
    }

    /**
     * A backend URL: {@code http://host:port} with an optional trailing {@code /}; no userinfo,
     * other path, query or fragment. The port is required (1..65535).
     */
    static HostPort backendUrl(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw fail("expected a URL like \"http://127.0.0.1:9001\"");
        }
        String scheme = url.substring(0, sep);
        if (scheme.equalsIgnoreCase("https")) {
            throw fail("https backends are not supported; use http://");
        }
        if (!scheme.equalsIgnoreCase("http")) {
            throw fail("unsupported scheme " + Json.quote(scheme) + "; only http:// is supported");
        }
        String rest = url.substring(sep + 3);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        if (authority.indexOf('@') >= 0) {
            throw fail("userinfo (user@) is not allowed in a backend URL");
        }
        if (tail.indexOf('?') >= 0) {
            throw fail("a query is not allowed in a backend URL");
        }
        if (tail.indexOf('#') >= 0) {
            throw fail("a fragment is not allowed in a backend URL");
        }
        if (!tail.isEmpty() && !tail.equals("/")) {
            throw fail("a path is not allowed in a backend URL (only \"/\")");
        }
        if (authority.isEmpty()) {
            throw fail("missing host; expected \"http://host:port\"");
        }
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.indexOf(':') >= 0;
        if (!hasPort) {
            throw fail("missing port; backend URLs need one, e.g. \"http://127.0.0.1:9001\"");
        }
        return hostPort(authority, 1);
    }

    /** A route host: {@code *}, {@code *.suffix}, a host name, an IPv4 literal or {@code [v6]}; lower-cased. */
    static String routeHost(String s) {
        if (s.equals("*")) {
            return s;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (s.startsWith("*.")) {
            if (!isHostName(s.substring(2))) {
                throw fail("invalid wildcard host " + Json.quote(s) + "; expected \"*.\" and a host name, e.g. \"*.example.com\"");
            }
            return lower;
        }
        if (s.indexOf('*') >= 0) {
            throw fail("a wildcard must be the whole first label, as in \"*.example.com\"");
        }
        if (s.startsWith("[")) {
            if (s.endsWith("]") && ipv6(s.substring(1, s.length() - 1)) != null) {
                return lower;
            }
            throw fail(s.contains("]:") ? "a route host must not include a port" : "invalid IPv6 address " + Json.quote(s));
        }
        if (s.indexOf(':') >= 0) {
            throw fail("a route host must not include a port");
        }
        checkHost(s);
        return lower;
    }

    /** The socket address; literals need no lookup, host names are resolved now. */
    static InetSocketAddress resolve(HostPort hp) {
        byte[] literal = hp.host().indexOf(':') >= 0 ? ipv6(hp.host()) : ipv4(hp.host());
        try {
            if (literal != null) {
                return new InetSocketAddress(InetAddress.getByAddress(literal), hp.port());
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
        InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
        if (a.isUnresolved()) {
            throw fail("cannot resolve host " + Json.quote(hp.host()));
        }
        return a;
    }

    private static void checkHost(String host) {
        if (host.isEmpty()) {
            throw fail("missing host");
        }
        if (looksNumeric(host)) {
            if (ipv4(host) == null) {
                throw fail("invalid IPv4 address " + Json.quote(host));
            }
        } else if (!isHostName(host)) {
            throw fail("invalid host name " + Json.quote(host));
        }
    }

    private static int port(String text, int min) {
        if (text.isEmpty()) {
            throw fail("missing port after ':'");
        }
        boolean digits = text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int port = digits ? Integer.parseInt(text) : -1;
        if (port < min || port > 65535) {
            throw fail("invalid port " + Json.quote(text) + "; expected " + min + "..65535");
        }
        return port;
    }

    private static boolean looksNumeric(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }

    /** RFC 1123 host name (plus {@code _}, which container names use): 1..63-char labels, 253 chars in all. */
    static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The 4 bytes of a dotted-quad IPv4 literal (no leading zeros), or null. */
    static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** The 16 bytes of an IPv6 literal in RFC 4291 section 2.2 text form (no brackets, no zone), or null. */
    static byte[] ipv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        int[] tail = gap >= 0 ? groups(s.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int total = head.length + tail.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int g = 8 - tail.length + i;
            out[2 * g] = (byte) (tail[i] >> 8);
            out[2 * g + 1] = (byte) tail[i];
        }
        return out;
    }

    /** The 16-bit groups of a colon-separated run; an IPv4 tail counts as two groups. Null when invalid. */
    private static int[] groups(String run, boolean ipv4Last) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        boolean v4 = ipv4Last && parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4 ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (v4 && i == parts.length - 1) {
                byte[] b = ipv4(p);
                if (b == null) {
                    return null;
                }
                out[i] = (b[0] & 0xff) << 8 | (b[1] & 0xff);
                out[i + 1] = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            } else {
                if (p.isEmpty() || p.length() > 4) {
                    return null;
                }
                int v = 0;
                for (int k = 0; k < p.length(); k++) {
                    int d = "0123456789abcdef".indexOf(Character.toLowerCase(p.charAt(k)));
                    if (d < 0) {
                        return null;
                    }
                    v = v << 4 | d;
                }
                out[i] = v;
            }
        }
        return out;
    }

    private static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message);
    }
}
