package io.flowstate.core.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core's one decision of what goes on the wire to the client, rule by rule. */
class ResponsePlanTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000);

    private final List<Integer> finished = new ArrayList<>();

    private Exchange exchange(String method) {
        Exchange e = new Exchange(new Request(method, "/", new HeaderFields().add("Host", "h"), Body.empty()),
                CLIENT, "http", 0);
        e.onFinish(finished::add);
        return e;
    }

    private static Response response(int status, Body body, String... fields) {
        HeaderFields h = new HeaderFields();
        for (int i = 0; i < fields.length; i += 2) {
            h.add(fields[i], fields[i + 1]);
        }
        return new Response(status, h, body, Response.Origin.UPSTREAM);
    }

    private static Body unknownLength(String text) {
        return Body.of(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), -1);
    }

    private static ResponsePlan plan(Exchange e, Response r) {
        return ResponsePlan.of(e, r, true, true, false);
    }

    private static String head(ResponsePlan p) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        assertTrue(p.encodeHead(out));
        assertEquals(p.headBytes(), out.position(), "headBytes is what encodeHead writes");
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aKnownLengthIsWrittenAsContentLengthAndTheBackendsFramingFieldsAreDropped() {
        ResponsePlan p = plan(exchange("GET"), response(200, Body.of("hello".getBytes(StandardCharsets.US_ASCII)),
                "Content-Type", "text/plain", "Content-Length", "999", "Transfer-Encoding", "chunked",
                "Connection", "keep-alive", "Date", "Thu, 04 Dec 2026 20:00:00 GMT"));
        assertEquals(Framing.FIXED, p.framing());
        assertEquals(5, p.contentLength());
        assertTrue(p.hasBody());
        assertFalse(p.closesAfter());
        assertFalse(p.addsDate(), "the backend's Date passes through");
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Thu, 04 Dec 2026 20:00:00 GMT\r\n"
                + "Content-Length: 5\r\n\r\n", head(p));
        List<String> fields = new ArrayList<>();
        p.forEachField((n, v) -> fields.add(n));
        assertEquals(List.of("Content-Type", "Date"), fields);
    }

    @Test
    void anUnknownLengthIsChunkedForHttp11AndDelimitedByTheCloseForHttp10() {
        ResponsePlan p11 = plan(exchange("GET"), response(200, unknownLength("x")));
        assertEquals(Framing.CHUNKED, p11.framing());
        assertTrue(head(p11).contains("\r\nTransfer-Encoding: chunked\r\n"));
        assertFalse(p11.closesAfter());

        ResponsePlan p10 = ResponsePlan.of(exchange("GET"), response(200, unknownLength("x")), false, true, false);
        assertEquals(Framing.CLOSE_DELIMITED, p10.framing(), "RFC 9112 6.3 item 8: HTTP/1.0 has no chunked");
        assertTrue(p10.closesAfter());
        String h = head(p10);
        assertTrue(h.contains("\r\nConnection: close\r\n"), h);
        assertFalse(h.contains("Transfer-Encoding"), h);
    }

    @Test
    void aResponseToHeadHasNoBodyButReportsTheLengthTheBackendDeclared() {
        ResponsePlan p = plan(exchange("HEAD"), response(200, Body.empty(), "Content-Length", "1234"));
        assertFalse(p.hasBody());
        assertEquals(Framing.NONE, p.framing());
        assertEquals(1234, p.reportedLength());
        assertTrue(head(p).contains("\r\nContent-Length: 1234\r\n"));
    }

    @Test
    void a204NeverCarriesContentLengthAndA304MayKeepIt() {
        ResponsePlan noContent = plan(exchange("GET"), response(204, Body.empty(), "Content-Length", "0"));
        assertFalse(noContent.hasBody());
        assertEquals(-1, noContent.reportedLength());
        assertFalse(head(noContent).contains("Content-Length"), "RFC 9110 8.6");
        ResponsePlan notModified = plan(exchange("GET"), response(304, Body.empty(), "Content-Length", "42"));
        assertFalse(notModified.hasBody());
        assertEquals(42, notModified.reportedLength());
    }

    @Test
    void theConnectionClosesWhenTheClientAskedTheProxyDrainsTheBodyWasRefusedOrTheCoreAsked() {
        Response ok = response(200, Body.empty());
        assertTrue(ResponsePlan.of(exchange("GET"), ok, true, false, false).closesAfter(), "Connection: close");
        assertTrue(ResponsePlan.of(exchange("GET"), ok, true, true, true).closesAfter(), "draining");
        Exchange rejected = exchange("POST");
        rejected.cancellation().cancel(CancelCause.bodyRejected(413, "body_too_large"));
        assertTrue(plan(rejected, ok).closesAfter(), "a body refused mid-stream");
        Exchange asked = exchange("GET");
        asked.closeAfterResponse();
        assertTrue(plan(asked, ok).closesAfter(), "the core asked (a backend's 101)");
        assertEquals("close", plan(asked, ok).connectionValue());
    }

    @Test
    void anHttp10ClientThatKeepsTheConnectionIsToldKeepAlive() {
        ResponsePlan p = ResponsePlan.of(exchange("GET"), response(200, Body.empty()), false, true, false);
        assertEquals("keep-alive", p.connectionValue());
        assertNull(plan(exchange("GET"), response(200, Body.empty())).connectionValue(), "HTTP/1.1 needs none");
    }

    @Test
    void aResponseWithoutDateGetsOne() {
        ResponsePlan p = plan(exchange("GET"), response(502, Body.empty()));
        assertTrue(p.addsDate());
        assertTrue(head(p).contains("\r\nDate: "), "RFC 9110 6.6.1");
    }

    @Test
    void aResponseWrittenToItsEndIsRecordedWithItsStatusWhateverTheClientDoesNext() {
        Exchange e = exchange("GET");
        ResponsePlan p = plan(e, response(200, Body.empty()));
        e.cancellation().cancel(CancelCause.CLIENT_CLOSED);    // the client closed after the last byte
        assertEquals(200, p.finish(ResponsePlan.End.WRITTEN));
        assertEquals(List.of(200), finished);
        p.finish(ResponsePlan.End.CLIENT_GONE);
        assertEquals(List.of(200), finished, "the first end counts");
    }

    @Test
    void aClientThatLeftBeforeTheEndIsRecordedAs499() {
        Exchange e = exchange("GET");
        assertEquals(499, plan(e, response(200, Body.empty())).finish(ResponsePlan.End.CLIENT_GONE));
        Exchange gone = exchange("GET");
        gone.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        ResponsePlan p = plan(gone, response(200, Body.empty()));
        assertTrue(p.clientGone(), "nothing is to be written");
        assertEquals(499, p.finish(ResponsePlan.End.CLIENT_GONE));
    }

    @Test
    void aBodyTheProxyCutIsRecordedWithItsStatusAndTheCause() {
        Exchange e = exchange("GET");
        ResponsePlan p = plan(e, response(200, unknownLength("x")));
        e.cancellation().cancel(CancelCause.DEADLINE);
        assertEquals(200, p.finish(ResponsePlan.End.CUT), "the client got a 200 head; the proxy cut the body");
        assertEquals("request_timeout", e.errorReason());
    }

    @Test
    void aHeadThatDoesNotFitLeavesTheBufferAsItWas() {
        ResponsePlan p = plan(exchange("GET"), response(200, Body.empty(), "X-Long", "v".repeat(200)));
        ByteBuffer small = ByteBuffer.allocate(64);
        small.position(3);
        assertFalse(p.encodeHead(small));
        assertEquals(3, small.position());
    }
}
