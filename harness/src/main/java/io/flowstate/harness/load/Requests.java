package io.flowstate.harness.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes a spec's request once; every send writes a view of the same bytes. */
final class Requests {

    /** The User-Agent the generator sends. */
    static final String USER_AGENT = "flowstate-load";

    private Requests() {
    }

    /** The request bytes, read-only. LoadSpec has already checked host and path. */
    static ByteBuffer encode(LoadSpec spec) {
        StringBuilder head = new StringBuilder(128)
                .append("GET ").append(spec.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(spec.host()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (!spec.keepAlive()) {
            head.append("Connection: close\r\n"); // RFC 9112 §9.6: this request is the connection's last
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}
