package io.flowstate.core.proxy;

import io.flowstate.core.http.HeaderFields;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Sets the de-facto {@code X-Forwarded-*} fields on an outbound request, so the backend
 * learns who the client was and how it reached the proxy (the convention nginx, Envoy and
 * Go's ReverseProxy follow; RFC 7239 {@code Forwarded} is its standard counterpart, not
 * set here).
 *
 * <p>Called by the proxy path once per outbound request, after {@link HopByHop} has
 * stripped the copy (a client could otherwise name these fields in Connection).
 */
public final class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    private static final long FOR_BIT = HeaderFields.bit(FOR);
    /** The X-Forwarded-Proto lines of the two schemes, shared by every request (a field never changes). */
    private static final HeaderFields.Field PROTO_HTTP = new HeaderFields.Field(PROTO, "http");
    private static final HeaderFields.Field PROTO_HTTPS = new HeaderFields.Field(PROTO, "https");

    private ForwardedHeaders() {
    }

    /**
     * Sets the forwarding fields in place.
     *
     * <ul>
     *   <li>{@code X-Forwarded-For}: the client's IP address appended to the chain already
     *       present ({@code "a, b"} becomes {@code "a, b, c"}); several existing lines are
     *       joined, in order, into one line. IPv6 addresses are written without brackets
     *       in RFC 5952 form and without a zone, as nginx's
     *       {@code $proxy_add_x_forwarded_for} does. The existing chain is kept as
     *       received: it is what the client claims, only the last entry is known.
     *   <li>{@code X-Forwarded-Proto}: set to {@code scheme}, replacing any value.
     *   <li>{@code X-Forwarded-Host}: set to {@code hostHeader}, the inbound Host value;
     *       removed when it is null.
     * </ul>
     *
     * Host itself is left as it is.
     *
     * @param client the address of the peer that sent the request to the proxy
     * @param scheme {@code "http"} or {@code "https"}, as the client reached the proxy
     * @param hostHeader the inbound Host field value, or null when there was none
     */
    public static void apply(HeaderFields h, InetAddress client, String scheme, String hostHeader) {
        Objects.requireNonNull(h, "h");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheme, "scheme");
        h.set(FOR, forwardedFor(h, client));
        h.set(scheme.equals("http") ? PROTO_HTTP : scheme.equals("https") ? PROTO_HTTPS
                : new HeaderFields.Field(PROTO, scheme));
        if (hostHeader == null) {
            h.remove(HOST);
        } else {
            h.set(HOST, hostHeader);
        }
    }

    /**
     * Every existing X-Forwarded-For line, joined with ", ", then the client's address
     * ({@link #ipLiteral}). An IPv4 address goes into the one String of the result (a
     * concatenation sizes its array from all its parts at once), with the one line a chain
     * usually has: no String of its own, no builder.
     */
    private static String forwardedFor(HeaderFields h, InetAddress client) {
        String chain = null;
        if (h.containsAny(FOR_BIT)) {                          // a test of a bit: most requests have no chain
            StringBuilder lines = null;
            for (int i = 0; i < h.size(); i++) {
                HeaderFields.Field f = h.get(i);
                if (f.bit() == FOR_BIT) {
                    String v = f.value().strip();
                    if (v.isEmpty()) {
                        continue;
                    }
                    if (chain == null) {
                        chain = v;
                    } else {
                        if (lines == null) {
                            lines = new StringBuilder(64).append(chain);
                        }
                        lines.append(", ").append(v);
                    }
                }
            }
            if (lines != null) {
                chain = lines.toString();
            }
        }
        if (client instanceof Inet6Address) {
            String ip = ipLiteral(client);
            return chain == null ? ip : chain + ", " + ip;
        }
        byte[] b = client.getAddress();
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        int b3 = b[3] & 0xff;
        return chain == null ? b0 + "." + b1 + "." + b2 + "." + b3
                : chain + ", " + b0 + "." + b1 + "." + b2 + "." + b3;
    }

    /**
     * The address as text: dotted IPv4, or IPv6 in RFC 5952 section 4 form (lower-case hex,
     * no leading zeros, the longest run of two or more zero groups, the first of equals,
     * shortened to "::"). {@link InetAddress#getHostAddress()} writes every group and a
     * zone, which nginx does not.
     */
    static String ipLiteral(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: "::" never stands for a single 16-bit 0 field
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) { // RFC 5952 4.2.3: longest run, first when equal
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            // RFC 5952 4.1, 4.3: no leading zeros, lower case
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
