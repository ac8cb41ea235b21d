package io.flowstate.core.http1;

import io.flowstate.core.http.HeaderFields;
import java.util.Objects;

/**
 * A parsed and validated HTTP/1.1 or HTTP/1.0 response head from a backend, as produced by
 * {@link Http1ResponseRules#parse}.
 *
 * <p>An {@link #interim()} head (100 or 103; every other 1xx is refused by the parser) is
 * never the end of the exchange: the caller drops or relays it and reads the next head
 * {@link #headBytes()} further on, and the final head decides the body and the connection.
 *
 * @param status        the status code, 100..599
 * @param version       {@code "HTTP/1.1"} or {@code "HTTP/1.0"}
 * @param headers       every field line in received order, values without surrounding OWS
 * @param framing       how the body is delimited: {@link Framing#NONE} for a response that
 *                      has none whatever its fields say, {@link Framing#FIXED},
 *                      {@link Framing#CHUNKED}, or {@link Framing#CLOSE_DELIMITED}
 * @param contentLength the body length when {@code framing} is {@link Framing#FIXED}, else -1
 * @param keepAlive     whether the backend connection may carry another request after this
 *                      response (RFC 9112 9.3); always false when the body is close-delimited
 * @param headBytes     bytes the head took in the input, including the final empty line: the
 *                      body (or the next head, after an interim one) starts this many bytes
 *                      after the offset given to {@code parse}
 */
public record ResponseHead(int status, String version, HeaderFields headers, Framing framing,
                           long contentLength, boolean keepAlive, int headBytes) {

    public ResponseHead {
        if (status < StatusLine.MIN_STATUS || status > StatusLine.MAX_STATUS) {
            throw new IllegalArgumentException("status outside 100..599: " + status);
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(framing, "framing");
        if ((framing == Framing.FIXED) != (contentLength >= 0) || contentLength < -1) {
            throw new IllegalArgumentException("contentLength " + contentLength + " does not fit framing " + framing);
        }
        if (status < 200 && framing != Framing.NONE) {
            throw new IllegalArgumentException("an interim response has no body, framing " + framing);
        }
        if (framing == Framing.CLOSE_DELIMITED && keepAlive) {
            throw new IllegalArgumentException("a close-delimited body ends the connection; keepAlive must be false");
        }
        if (headBytes < 0) {
            throw new IllegalArgumentException("headBytes < 0: " + headBytes);
        }
    }

    /** Whether this is an interim (1xx) response, to be followed by another head (RFC 9110 15.2). */
    public boolean interim() {
        return status < 200;
    }

    public boolean isHttp11() {
        return version.equals(RequestLine.HTTP_1_1);
    }

    /** Whether a body follows the head: chunked, close-delimited, or a Content-Length above zero. */
    public boolean hasBody() {
        return framing == Framing.CHUNKED || framing == Framing.CLOSE_DELIMITED || contentLength > 0;
    }
}
