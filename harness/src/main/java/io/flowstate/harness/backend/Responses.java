package io.flowstate.harness.backend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every response one backend can send under one {@link Behaviour}, encoded once when the
 * behaviour is applied, so that answering a request copies bytes and builds nothing.
 *
 * <p>A response is a head and a body; each kind has a keep-alive head and a
 * {@code Connection: close} head, and they share the body array.
 */
final class Responses {

    /** A normal response: {@code responseBytes} of body, chunked when the behaviour says so. */
    static final int OK = 0;
    /** A normal response with {@code Content-Length} even when the behaviour is chunked (for HTTP/1.0). */
    static final int OK_PLAIN = 1;
    /** {@code errorStatus} with a short text body. */
    static final int ERROR = 2;
    /** {@code /healthz} when healthy: 200 {@code ok}. */
    static final int HEALTH_OK = 3;
    /** {@code /healthz} in {@link Mode#ERROR}: {@code errorStatus} {@code unhealthy}. */
    static final int HEALTH_ERROR = 4;
    /** 400 for a request the backend cannot frame; always closes. */
    static final int BAD_REQUEST = 5;
    /** 431 for a head over {@link RequestReader#MAX_HEAD_BYTES}; always closes. */
    static final int HEAD_TOO_LARGE = 6;

    private static final int KINDS = 7;

    static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

    private static final byte[] PATTERN =
            ascii("FlowState test backend body: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n");

    private final byte[][] keepAliveHeads = new byte[KINDS][];
    private final byte[][] closeHeads = new byte[KINDS][];
    private final byte[][] bodies = new byte[KINDS][];
    private final int[] statuses = new int[KINDS];

    private final int responseBytes;
    private final boolean chunked;
    private final int errorStatus;

    Responses(String backend, Behaviour b) {
        responseBytes = b.responseBytes();
        chunked = b.chunked();
        errorStatus = b.errorStatus();
        byte[] plain = filler(b.responseBytes());
        set(backend, OK, 200, "application/octet-stream", b.chunked() ? chunk(plain) : plain, b.chunked(),
                b.responseBytes());
        set(backend, OK_PLAIN, 200, "application/octet-stream", plain, false, plain.length);
        byte[] error = ascii("backend " + backend + " error\n");
        set(backend, ERROR, b.errorStatus(), "text/plain", error, false, error.length);
        set(backend, HEALTH_OK, 200, "text/plain", ascii("ok"), false, 2);
        set(backend, HEALTH_ERROR, b.errorStatus(), "text/plain", ascii("unhealthy"), false, 9);
        byte[] bad = ascii("bad request\n");
        set(backend, BAD_REQUEST, 400, "text/plain", bad, false, bad.length);
        byte[] large = ascii("request header fields too large\n");
        set(backend, HEAD_TOO_LARGE, 431, "text/plain", large, false, large.length);
    }

    /** Whether these responses are also those of {@code b} (same size, framing and error status). */
    boolean fits(Behaviour b) {
        return b.responseBytes() == responseBytes && b.chunked() == chunked && b.errorStatus() == errorStatus;
    }

    byte[] head(int kind, boolean close) {
        return close ? closeHeads[kind] : keepAliveHeads[kind];
    }

    byte[] body(int kind) {
        return bodies[kind];
    }

    int status(int kind) {
        return statuses[kind];
    }

    private void set(String backend, int kind, int status, String type, byte[] body, boolean chunked, int length) {
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "X-Backend: " + backend + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
        keepAliveHeads[kind] = ascii(head + "\r\n");
        closeHeads[kind] = ascii(head + "Connection: close\r\n\r\n");
        bodies[kind] = body;
        statuses[kind] = status;
    }

    /** {@code n} bytes of a readable repeating text. */
    static byte[] filler(int n) {
        byte[] body = new byte[n];
        for (int i = 0; i < n; i += PATTERN.length) {
            System.arraycopy(PATTERN, 0, body, i, Math.min(PATTERN.length, n - i));
        }
        return body;
    }

    /** {@code data} as a chunked body (RFC 9112 section 7.1): chunks of at most CHUNK_BYTES, no trailers. */
    static byte[] chunk(byte[] data) {
        int chunks = (data.length + Behaviour.CHUNK_BYTES - 1) / Behaviour.CHUNK_BYTES;
        byte[] out = new byte[data.length + chunks * (Integer.toHexString(Behaviour.CHUNK_BYTES).length() + 4) + 5];
        int n = 0;
        for (int off = 0; off < data.length; off += Behaviour.CHUNK_BYTES) {
            int len = Math.min(Behaviour.CHUNK_BYTES, data.length - off);
            byte[] size = ascii(Integer.toHexString(len) + "\r\n");
            System.arraycopy(size, 0, out, n, size.length);
            n += size.length;
            System.arraycopy(data, off, out, n, len);
            n += len;
            out[n++] = '\r';
            out[n++] = '\n';
        }
        byte[] last = ascii("0\r\n\r\n");
        System.arraycopy(last, 0, out, n, last.length);
        n += last.length;
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
