package io.flowstate.core.http1;

import io.flowstate.core.http.HeaderFields;
import java.util.Objects;

/**
 * A parsed and validated HTTP/1.1 or HTTP/1.0 request head, as produced by
 * {@link Http1RequestRules#parse}.
 *
 * @param method        the method, case as received (RFC 9110 9.1: case-sensitive)
 * @param target        the request-target byte for byte (origin-, absolute-, authority- or asterisk-form)
 * @param version       {@code "HTTP/1.1"} or {@code "HTTP/1.0"}
 * @param headers       every field line in received order, values without surrounding OWS
 * @param framing       how the body is delimited
 * @param contentLength the body length when {@code framing} is {@link Framing#FIXED}, else -1
 * @param headBytes     bytes the head took in the input, including leading empty lines and
 *                      the final empty line: the body (if any) starts this many bytes after
 *                      the offset given to {@code parse}
 */
public record RequestHead(String method, String target, String version, HeaderFields headers,
                          Framing framing, long contentLength, int headBytes) {

    public RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(framing, "framing");
        if ((framing == Framing.FIXED) != (contentLength >= 0) || contentLength < -1) {
            throw new IllegalArgumentException("contentLength " + contentLength + " does not fit framing " + framing);
        }
        if (headBytes < 0) {
            throw new IllegalArgumentException("headBytes < 0: " + headBytes);
        }
    }

    public boolean isHttp11() {
        return version.equals(RequestLine.HTTP_1_1);
    }

    /** Whether a body follows the head: chunked, or a Content-Length above zero. */
    public boolean hasBody() {
        return framing == Framing.CHUNKED || contentLength > 0;
    }

    /**
     * Whether the connection may carry another request after this exchange (RFC 9112 9.3):
     * never with a "close" option; otherwise always for HTTP/1.1, and for HTTP/1.0 only
     * with a "keep-alive" option (RFC 9112 C.2.2).
     */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return isHttp11() || headers.hasToken("Connection", "keep-alive");
    }

    /**
     * Whether the client waits for 100 (Continue) before sending its body (RFC 9110 10.1.1),
     * case-insensitively; always false for HTTP/1.0, whose 100-continue a server MUST ignore.
     */
    public boolean expectsContinue() {
        return isHttp11() && headers.hasToken("Expect", "100-continue");
    }
}
