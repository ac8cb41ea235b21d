package io.flowstate.core.http1;

import io.flowstate.core.proxy.ProxyErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A whole response an ingress writes itself before (or instead of) an exchange, the same
 * bytes on every engine that writes bytes: a head the core's rules refuse (400, 408, 413,
 * 431, 501, 505), a connection past {@code limits.maxConnections} (503
 * {@code too_many_connections}). The core's error body, and {@code Connection: close}: the
 * connection ends after it (RFC 9112 9.6).
 */
public final class Refusals {
    private Refusals() {
    }

    /** The whole response: status line, fields, the empty line, the JSON error body. */
    public static byte[] bytes(int status, String reason) {
        byte[] body = ProxyErrors.body(status, reason, null).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        out.writeBytes(StatusLines.of(status));
        out.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(HttpDate.fieldLine());
        out.writeBytes(new byte[] {'\r', '\n'});
        out.writeBytes(body);
        return out.toByteArray();
    }
}
