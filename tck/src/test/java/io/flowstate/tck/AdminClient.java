package io.flowstate.tck;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Requests to the admin listener, one connection each; {@code token} null sends none. */
record AdminClient(InetSocketAddress address, String token) {

    Client.Reply call(String method, String path) throws IOException {
        try (Client c = new Client(address)) {
            c.send(method + " " + path + " HTTP/1.1\r\nHost: admin\r\n"
                    + (method.equals("POST") ? "Content-Length: 0\r\n" : "")
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
            return c.read(method);
        }
    }

    /** The text of {@code GET /metrics}. */
    String metrics() throws IOException {
        return call("GET", "/metrics").text();
    }
}
