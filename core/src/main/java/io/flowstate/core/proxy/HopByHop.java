package io.flowstate.core.proxy;

import io.flowstate.core.http.HeaderFields;
import java.util.List;

/**
 * Removes hop-by-hop fields, which describe one connection and must not be forwarded on
 * the next (RFC 9110 7.6.1).
 *
 * <p>Called by the proxy path once on each outbound request copy and once on each response
 * before it goes back to the client; works in place on fields the caller owns. Forwarding
 * fields ({@link ForwardedHeaders}) must be set after stripping, so a client cannot name
 * them in Connection to have them dropped (CVE-2022-31813).
 *
 * <p>Fields named in Connection are removed whatever they are, as RFC 9110 7.6.1 says, so a
 * client that lists an end-to-end field there (even Host) loses it. A protocol upgrade
 * (WebSocket) needs its Connection and Upgrade fields set again by its caller.
 */
public final class HopByHop {

    /**
     * Fields that are hop-by-hop whether or not Connection names them, as they are spelled
     * when sent. The one list both directions use.
     */
    static final List<String> FIXED = List.of(
            "Connection",          // RFC 9110 7.6.1: removed after the fields it names
            "Proxy-Connection",    // RFC 9110 7.6.1; RFC 9112 C.2.2: pre-standard Connection
            "Keep-Alive",          // RFC 9110 7.6.1; RFC 2068 19.7.1
            "TE",                  // RFC 9110 7.6.1, 10.1.4: sent with "Connection: TE"
            "Trailer",             // RFC 2616 13.5.1 ("Trailers"); RFC 9110 6.6.2
            "Transfer-Encoding",   // RFC 9110 7.6.1; RFC 9112 6.1: framing is per connection
            "Upgrade",             // RFC 9110 7.6.1, 7.8: applies to this connection only
            "Proxy-Authenticate",  // RFC 9110 11.7.1: for the next outbound client only
            "Proxy-Authorization"  // RFC 9110 11.7.2: credentials for this proxy
    );

    /** The presence bits of {@link #FIXED} ({@link HeaderFields#bit}): each is a well-known name. */
    private static final long FIXED_BITS = bits(FIXED);

    /** What {@link #stripRequest} puts back when TE named {@code trailers}: one line, shared. */
    private static final HeaderFields.Field TE_TRAILERS = new HeaderFields.Field("TE", "trailers");

    private HopByHop() {
    }

    private static long bits(List<String> names) {
        long bits = 0;
        for (String n : names) {
            long b = HeaderFields.bit(n);
            if (b == 0) {
                throw new ExceptionInInitializerError(n + " has no presence bit in HeaderFields");
            }
            bits |= b;
        }
        return bits;
    }

    /**
     * Removes hop-by-hop fields from a request's fields in place: every field named
     * by a token of Connection and the {@link #FIXED} fields, in one pass. When TE listed
     * {@code trailers}, the result carries exactly one {@code TE: trailers}, appended last.
     * Every other field stays, in its order.
     */
    public static void stripRequest(HeaderFields h) {
        // No field of the fixed list, so no Connection either, so no option naming others:
        // nothing to strip, and no TE. Most requests end here, on one test of a bit mask.
        if (!h.containsAny(FIXED_BITS)) {
            return;
        }
        // RFC 9110 10.1.4: "trailers" says the client accepts trailer fields; the proxy
        // passes trailers through, so the backend may know it too (as Go's ReverseProxy).
        boolean acceptsTrailers = h.hasToken("TE", "trailers");
        strip(h);
        if (acceptsTrailers) {
            h.add(TE_TRAILERS);
        }
    }

    /**
     * Removes hop-by-hop fields from a response's fields in place, as {@link #stripRequest}
     * does but without the TE exception (TE is a request field).
     */
    public static void stripResponse(HeaderFields h) {
        if (h.containsAny(FIXED_BITS)) {
            strip(h);
        }
    }

    private static void strip(HeaderFields h) {
        // RFC 9110 7.6.1: the fields a connection option names, Connection itself and the
        // fixed list go together, in one pass over the fields; the options are read in
        // place, without a String each.
        h.removeListed("Connection", FIXED_BITS);
    }
}
