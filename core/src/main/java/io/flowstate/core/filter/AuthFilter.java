package io.flowstate.core.filter;

import io.flowstate.core.config.AuthSettings;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lets a request through only with one of the configured credentials: a bearer token
 * ({@code Authorization: Bearer <token>}, RFC 6750 section 2.1) or an API key (the whole value
 * of a field of its own, {@code X-Api-Key} by default).
 *
 * <ul>
 *   <li>No credential (no such field, an empty one, or an {@code Authorization} of another
 *       scheme, RFC 6750 section 3.1): 401 {@code credentials_missing} with a
 *       {@code WWW-Authenticate} challenge (RFC 9110 section 15.5.2 requires one):
 *       {@code Bearer}, or {@code ApiKey header="<field>"} for an API key.
 *   <li>A credential that is not one of the tokens, or the field given more than once: 403
 *       {@code credentials_invalid}.
 *   <li>A valid one: the request goes on, with the field as received unless {@code strip}
 *       asks for it to be removed from the request sent upstream
 *       ({@link Exchange#removeUpstreamField}).
 * </ul>
 *
 * <p>Credentials are compared in constant time ({@link Credentials}). This class logs
 * nothing, and neither it nor its settings show a token in {@code toString()}.
 */
public final class AuthFilter implements Filter {
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String BEARER = "Bearer";

    private final AuthSettings.Scheme scheme;
    private final String header;
    private final boolean strip;
    private final Credentials credentials;
    private final String challenge;

    public AuthFilter(AuthSettings settings) {
        this.scheme = settings.scheme();
        this.header = settings.header();
        this.strip = settings.strip();
        this.credentials = new Credentials(settings.tokens());
        // RFC 9110 11.6.1 challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
        this.challenge = scheme == AuthSettings.Scheme.BEARER ? BEARER : "ApiKey header=\"" + header + "\"";
    }

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        HeaderFields fields = exchange.request().headers();
        int lines = fields.count(header);
        if (lines == 0) {
            return done(missing(exchange));
        }
        if (lines > 1) {
            return done(ProxyErrors.of(403, "credentials_invalid", exchange));   // which one would count?
        }
        String presented = presented(fields.first(header));
        if (presented == null) {
            return done(missing(exchange));
        }
        if (!credentials.matches(presented)) {
            return done(ProxyErrors.of(403, "credentials_invalid", exchange));
        }
        if (strip) {
            exchange.removeUpstreamField(header);
        }
        return next.handle(exchange);
    }

    /** The credential in the field's value, or null when it holds none of this scheme. */
    private String presented(String value) {
        String v = value.strip();
        if (scheme == AuthSettings.Scheme.API_KEY) {
            return v.isEmpty() ? null : v;
        }
        // RFC 9110 11.4: credentials = auth-scheme [ 1*SP token68 ]; the scheme is case-insensitive.
        int sp = v.indexOf(' ');
        String authScheme = sp < 0 ? v : v.substring(0, sp);
        if (!authScheme.equalsIgnoreCase(BEARER)) {
            return null;
        }
        String token = sp < 0 ? "" : v.substring(sp + 1).stripLeading();
        return token.isEmpty() ? null : token;
    }

    private Response missing(Exchange exchange) {
        Response r = ProxyErrors.of(401, "credentials_missing", exchange);
        r.headers().set(WWW_AUTHENTICATE, challenge);
        return r;
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public String toString() {
        return "auth(scheme=" + scheme + ", header=" + header + ", " + credentials + (strip ? ", strip" : "") + ")";
    }
}
