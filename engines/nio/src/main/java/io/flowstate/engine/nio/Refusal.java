package io.flowstate.engine.nio;

import io.flowstate.core.http1.HttpDate;
import io.flowstate.core.http1.StatusLines;
import io.flowstate.core.proxy.ProxyErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A whole response the ingress writes itself before (or instead of) an exchange: a head it
 * refuses (400, 408, 413, 431, 501, 505), a connection past {@code limits.maxConnections}
 * (503). The core's error body, and {@code Connection: close}: the connection ends after it
 * (RFC 9112 9.6).
 */
final class Refusal {
    private Refusal() {
    }

    static byte[] bytes(int status, String reason) {
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
