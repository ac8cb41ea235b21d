package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that two parties could read differently are refused at the door (RFC 9112 2.2,
 * 5, 6.1, 6.3, 11.2; RFC 9110 5.1, 7.2): the client gets the error status, the connection
 * closes, and nothing reaches a backend.
 */
class StrictRequestTest {

    /**
     * A malformed request: what the client sends, the status it gets, and the reason in the
     * error body: the core's precise name first, then any more general name an engine whose
     * own parser cannot tell the cases apart may give instead (docs/engines.md lists them).
     */
    private record Bad(String raw, int status, String reason, Set<String> reasons) {
    }

    private static final List<Named<Bad>> CASES = List.of(
            bad("Content-Length with Transfer-Encoding",
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                    400, "transfer_encoding_with_content_length"),
            bad("two differing Content-Lengths",
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                    400, "conflicting_content_length"),
            bad("Content-Length list with differing members",
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\nhello!",
                    400, "conflicting_content_length", "invalid_content_length"),
            bad("Content-Length with a sign",
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello",
                    400, "invalid_content_length"),
            bad("Content-Length in hex",
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\nhello",
                    400, "invalid_content_length"),
            bad("chunked not the final coding",
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
                    400, "invalid_transfer_encoding"),
            bad("chunked twice",
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                    400, "invalid_transfer_encoding"),
            bad("a transfer coding the proxy does not implement",
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                    501, "unsupported_transfer_coding"),
            bad("field name that is not a token",
                    "GET / HTTP/1.1\r\nHost: h\r\nBad(Name): x\r\n\r\n",
                    400, "invalid_field_name"),
            bad("space inside a field name",
                    "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n",
                    400, "invalid_field_name"),
            bad("whitespace before the colon",
                    "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
                    400, "whitespace_before_colon", "invalid_field_name"),
            bad("obs-fold",
                    "GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n  b\r\n\r\n",
                    400, "obs_fold"),
            bad("bare CR in a field value",
                    "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n",
                    400, "bare_cr"),
            bad("missing Host on HTTP/1.1",
                    "GET / HTTP/1.1\r\nX-A: a\r\n\r\n",
                    400, "missing_host"),
            bad("repeated Host",
                    "GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
                    400, "duplicate_host"),
            bad("field line without a colon",
                    "GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n",
                    400, "missing_colon"),
            // Two spaces inside the request line are refused by the core's rules (see
            // Http1RequestRulesTest) but not here: RFC 9112 3 lets a server parse the line on
            // whitespace boundaries, and Jetty's parser does.
            bad("request line with a control character in the target",
                    "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n",
                    400, "invalid_target", "invalid_character"),
            bad("HTTP/2.0 on an HTTP/1.1 connection",
                    "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
                    505, "unsupported_version"),
            bad("chunk size that is not hex",
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                    400, "invalid_chunk_size", "invalid_chunked_body"));

    private static Named<Bad> bad(String name, String raw, int status, String reason, String... alsoAccepted) {
        Set<String> reasons = new LinkedHashSet<>();
        reasons.add(reason);
        reasons.addAll(List.of(alsoAccepted));
        return Named.of(name, new Bad(raw, status, reason, reasons));
    }

    static Stream<Arguments> enginesAndCases() {
        List<Arguments> out = new ArrayList<>();
        for (Named<Engine> engine : TckEngines.all()) {
            for (Named<Bad> c : CASES) {
                out.add(Arguments.of(engine, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("enginesAndCases")
    void isRefusedAndClosesTheConnection(Engine engine, Bad bad) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send(bad.raw()).read("GET");
            assertEquals(bad.status(), reply.status(), reply.text());
            assertTrue(bad.reasons().contains(reply.reason()), "reason " + reply.reason() + ", expected one of " + bad.reasons());
            assertTrue(client.closedByPeer(), "the connection stayed open after " + bad.status());
            if (!bad.reason().equals("invalid_chunk_size")) {
                // A bad chunk is found while the body streams, when the request may be on its
                // way already; a bad head never leaves the proxy.
                assertEquals(0, backend.connections(), "the backend was reached");
            }
        }
    }

    @EngineTest
    void headOverTheLimitIs431(Engine engine) throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).limit("maxHeaderBytes", 2048).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/", "X-Big", "x".repeat(4000));
            assertEquals(431, reply.status());
            assertTrue(client.closedByPeer());
            assertEquals(0, backend.connections());
        }
    }

    @EngineTest
    void declaredBodyOverTheLimitIs413(Engine engine) throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).limit("maxBodyBytes", 10).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
                    .read("POST");
            assertEquals(413, reply.status());
            assertEquals("body_too_large", reply.reason());
            assertTrue(client.closedByPeer());
            assertEquals(0, backend.connections());
        }
    }

    /** A chunked body that grows past the limit while it streams: 413, and the connection closes. */
    @EngineTest
    void streamedBodyOverTheLimitIs413(Engine engine) throws Exception {
        try (Backend backend = Backend.start(call -> call.respond(200, Integer.toString(call.body().length)));
             Proxy proxy = Proxy.on(engine).backends(backend).limit("maxBodyBytes", 10).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n").read("POST");
            assertEquals(413, reply.status(), reply.text());
            assertEquals("body_too_large", reply.reason());
            assertTrue(client.closedByPeer());
        }
    }

    /** A valid request before a bad one on the same connection is still answered, in order. */
    @EngineTest
    void goodRequestBeforeABadOneIsAnswered(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost : h\r\n\r\n");
            Client.Reply first = client.read("GET");
            assertEquals(200, first.status());
            assertEquals("GET /ok HTTP/1.1", first.text());
            assertEquals(400, client.read("GET").status());
            assertTrue(client.closedByPeer());
        }
    }
}
