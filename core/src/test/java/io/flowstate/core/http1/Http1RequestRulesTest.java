package io.flowstate.core.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.HeaderFields;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Http1RequestRulesTest {

    static RequestHead parse(String head) throws BadRequestException {
        byte[] b = head.getBytes(ISO_8859_1);
        int end = Http1RequestRules.findHeadEnd(b, 0, b.length, Http1RequestRules.DEFAULT_MAX_HEADER_BYTES);
        assertTrue(end > 0, "head end not found in " + head);
        return Http1RequestRules.parse(b, 0, end);
    }

    static void assertRejected(String head, int status, String reason) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> parse(head), head);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(status, e.status(), e.getMessage());
    }

    static void assertBad(String head, String reason) {
        assertRejected(head, 400, reason);
    }

    /** A request line and Host, then the given field lines, then the empty line. */
    static String get(String... fieldLines) {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: example.com\r\n");
        for (String line : fieldLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static List<String> fieldsOf(HeaderFields headers) {
        List<String> out = new ArrayList<>();
        headers.forEach((n, v) -> out.add(n + "=" + v));
        return out;
    }

    @Nested
    class ValidHeads {
        @Test
        void parsesExactFieldsInOrder() throws Exception {
            String head = "POST /index.html?q=1&r=%20 HTTP/1.1\r\nHost: example.com:8080\r\n"
                    + "Accept: */*\r\nX-A: 1\r\nx-a: 2\r\nX-Empty:\r\nContent-Length: 3\r\n\r\n";
            RequestHead h = parse(head);
            assertEquals("POST", h.method());
            assertEquals("/index.html?q=1&r=%20", h.target());
            assertEquals("HTTP/1.1", h.version());
            assertEquals(List.of("Host=example.com:8080", "Accept=*/*", "X-A=1", "x-a=2", "X-Empty=",
                    "Content-Length=3"), fieldsOf(h.headers()));
            assertEquals(List.of("1", "2"), h.headers().all("x-A"));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(3, h.contentLength());
            assertEquals(head.length(), h.headBytes());
            assertTrue(h.hasBody());
        }

        @Test
        void withoutBodyFieldsFramingIsNone() throws Exception {
            RequestHead h = parse(get());
            assertEquals(Framing.NONE, h.framing());
            assertEquals(-1, h.contentLength());
            assertFalse(h.hasBody());
        }

        @Test
        void valueLosesSurroundingWhitespaceButKeepsInnerWhitespace() throws Exception {
            RequestHead h = parse(get("X-A: \t a  b\tc \t "));
            assertEquals("a  b\tc", h.headers().first("X-A"));
        }

        @Test
        void obsTextDecodesAsLatin1() throws Exception {
            RequestHead h = parse(get("X-A: caf\u00e9 \u00ff"));
            assertEquals("caf\u00e9 \u00ff", h.headers().first("X-A"));
        }

        @Test
        void keepsUnusualNameSpelling() throws Exception {
            RequestHead h = parse("GET / HTTP/1.1\r\nhOsT: a\r\n\r\n");
            assertEquals("hOsT", h.headers().iterator().next().name());
        }

        @Test
        void bareLfEndsLines() throws Exception {
            // RFC 9112 2.2
            String head = "GET / HTTP/1.1\nHost: a\nX-A: 1\r\nX-B: 2\n\n";
            RequestHead h = parse(head);
            assertEquals(List.of("Host=a", "X-A=1", "X-B=2"), fieldsOf(h.headers()));
            assertEquals(head.length(), h.headBytes());
        }

        @Test
        void http10WithoutHost() throws Exception {
            RequestHead h = parse("GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0", h.version());
            assertFalse(h.isHttp11());
        }

        @Test
        void http10WithEmptyHost() throws Exception {
            assertEquals("", parse("GET / HTTP/1.0\r\nHost:\r\n\r\n").headers().first("Host"));
        }

        @Test
        void absoluteFormWithCaseInsensitiveScheme() throws Exception {
            assertEquals("HTTP://Example.com:8080/x?y",
                    parse("GET HTTP://Example.com:8080/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n").target());
            assertEquals("https://[::1]",
                    parse("GET https://[::1] HTTP/1.1\r\nHost: example.com\r\n\r\n").target());
        }

        @Test
        void asteriskWithOptions() throws Exception {
            assertEquals("*", parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").target());
        }

        @Test
        void authorityFormWithConnect() throws Exception {
            assertEquals("example.com:443", parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").target());
            assertEquals("[2001:db8::1]:443", parse("CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: a\r\n\r\n").target());
        }

        @Test
        void exactlyMaxFieldsIsAccepted() throws Exception {
            String[] lines = new String[Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS - 1];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "X-" + i + ": " + i;
            }
            assertEquals(Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS, parse(get(lines)).headers().size());
        }

        @Test
        void parseStopsAtTheEmptyLineAndIgnoresTheBody() throws Exception {
            String head = get("Content-Length: 5");
            byte[] b = (head + "hello\r\n\r\nGARBAGE").getBytes(ISO_8859_1);
            RequestHead h = Http1RequestRules.parse(b, 0, b.length);
            assertEquals(head.length(), h.headBytes());
            assertEquals(5, h.contentLength());
        }

        @Test
        void parseAtAnOffset() throws Exception {
            String head = get("X-A: 1");
            byte[] b = ("junk" + head + "body").getBytes(ISO_8859_1);
            int end = Http1RequestRules.findHeadEnd(b, 4, b.length - 4, 1000);
            assertEquals(4 + head.length(), end);
            RequestHead h = Http1RequestRules.parse(b, 4, end - 4);
            assertEquals(head.length(), h.headBytes());
            assertEquals("1", h.headers().first("X-A"));
        }

        @Test
        void commonNamesAndMethodsAreSharedInstances() throws Exception {
            RequestHead a = parse(get("content-length: 0"));
            RequestHead b = parse(get("content-length: 0"));
            assertTrue(a.method() == b.method());
            assertTrue(a.headers().iterator().next().name() == b.headers().iterator().next().name());
        }
    }

    @Nested
    class HeadEnd {
        private int find(String s, int max) throws BadRequestException {
            byte[] b = s.getBytes(ISO_8859_1);
            return Http1RequestRules.findHeadEnd(b, 0, b.length, max);
        }

        @Test
        void incompleteHeadIsMinusOne() throws Exception {
            assertEquals(-1, find("GET / HTTP/1.1\r\nHost: a\r\n", 100));
            assertEquals(-1, find("GET / HTTP/1.1\r\nHost: a\r\n\r", 100));
            assertEquals(-1, find("", 100));
        }

        @Test
        void endsAfterCrlfCrlfOrLfLfOrAMix() throws Exception {
            assertEquals(18, find("GET / HTTP/1.1\r\n\r\nbody", 100));
            assertEquals(16, find("GET / HTTP/1.1\n\nbody", 100));
            assertEquals(17, find("GET / HTTP/1.1\r\n\nbody", 100));
            assertEquals(17, find("GET / HTTP/1.1\n\r\nbody", 100));
        }

        @Test
        void leadingEmptyLinesAreSkippedAndCounted() throws Exception {
            // RFC 9112 2.2: ignore empty lines before the request line
            String head = "\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
            assertEquals(head.length(), find(head, 100));
            RequestHead h = parse(head);
            assertEquals("GET", h.method());
            assertEquals(head.length(), h.headBytes());
        }

        @Test
        void onlyEmptyLinesIsIncomplete() throws Exception {
            assertEquals(-1, find("\r\n\r\n\r\n", 100));
        }

        @Test
        void headOfExactlyMaxBytesIsFound() throws Exception {
            String head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
            assertEquals(head.length(), find(head + "more", head.length()));
        }

        @Test
        void noEndWithinMaxBytesIs431() {
            String head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> find(head, head.length() - 1));
            assertEquals(431, e.status());
            assertEquals("header_too_large", e.reason());
        }

        @Test
        void endlessEmptyLinesAre431() {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> find("\r\n".repeat(100), 64));
            assertEquals(431, e.status());
        }
    }

    @Nested
    class RequestLineRules {
        @Test
        void doubleSpace() {
            assertBad("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_request_line");
        }

        @Test
        void missingVersion() {
            assertBad("GET /\r\nHost: a\r\n\r\n", "invalid_request_line");
        }

        @Test
        void trailingSpace() {
            assertBad("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", "invalid_request_line");
        }

        @Test
        void leadingSpace() {
            assertBad(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_request_line");
        }

        @Test
        void tabAsSeparator() {
            assertBad("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_request_line");
        }

        @Test
        void methodNotAToken() {
            assertBad("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_method");
        }

        @Test
        void targetWithControlCharacter() {
            assertBad("GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void targetWithDelOrHighByte() {
            assertBad("GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
            assertBad("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void targetOfNoKnownForm() {
            assertBad("GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
            assertBad("GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void absoluteFormWithoutHost() {
            assertBad("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void absoluteFormWithUserinfo() {
            assertBad("GET http://user@a/x HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void asteriskWithoutOptions() {
            assertBad("GET * HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void authorityFormWithoutConnect() {
            assertBad("GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void connectWithOriginForm() {
            assertBad("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void connectWithoutPort() {
            assertBad("CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n", "invalid_target");
        }

        @Test
        void otherHttpVersionIs505() {
            assertRejected("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "unsupported_version");
            assertRejected("GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505, "unsupported_version");
            assertRejected("GET / HTTP/0.9\r\n\r\n", 505, "unsupported_version");
        }

        @Test
        void malformedVersionIs400() {
            assertBad("GET / http/1.1\r\nHost: a\r\n\r\n", "invalid_version");
            assertBad("GET / HTTP/1.10\r\nHost: a\r\n\r\n", "invalid_version");
            assertBad("GET / HTTP/1\r\nHost: a\r\n\r\n", "invalid_version");
            assertBad("GET / FTP/1.1\r\nHost: a\r\n\r\n", "invalid_version");
        }
    }

    @Nested
    class FieldLineRules {
        @Test
        void whitespaceLineRightAfterRequestLine() {
            assertBad("GET / HTTP/1.1\r\n Host: a\r\n\r\n", "whitespace_after_request_line");
        }

        @Test
        void obsFold() {
            assertBad(get("X-A: 1", "  continued"), "obs_fold");
            assertBad(get("X-A: 1", "\tcontinued"), "obs_fold");
        }

        @Test
        void emptyFieldName() {
            assertBad(get(": x"), "invalid_field_name");
        }

        @Test
        void fieldNameNotAToken() {
            assertBad(get("X(A): x"), "invalid_field_name");
            assertBad(get("X A: x"), "invalid_field_name");
        }

        @Test
        void whitespaceBetweenNameAndColon() {
            assertBad(get("X-A : x"), "whitespace_before_colon");
            assertBad(get("X-A\t: x"), "whitespace_before_colon");
        }

        @Test
        void lineWithoutColon() {
            assertBad(get("X-A"), "missing_colon");
        }

        @Test
        void nulInValue() {
            assertBad(get("X-A: a\u0000b"), "invalid_field_value");
        }

        @Test
        void otherControlsInValue() {
            assertBad(get("X-A: a\u000bb"), "invalid_field_value");
            assertBad(get("X-A: a\u007fb"), "invalid_field_value");
        }

        @Test
        void bareCrInValue() {
            assertBad(get("X-A: a\rb"), "bare_cr");
        }

        @Test
        void bareCrInName() {
            assertBad(get("X-\rA: b"), "bare_cr");
        }

        @Test
        void bareCrInRequestLine() {
            assertBad("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", "bare_cr");
        }

        @Test
        void bareCrAsLineEnd() {
            assertBad("GET / HTTP/1.1\r\nHost: a\rX-A: 1\r\n\r\n", "bare_cr");
            assertBad("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n\r\n", "bare_cr");
        }

        @Test
        void tooManyFieldsIs431() {
            String[] lines = new String[Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "X-" + i + ": " + i;
            }
            assertRejected(get(lines), 431, "too_many_fields");
        }

        @Test
        void fieldLimitIsConfigurable() {
            byte[] b = get("X-A: 1", "X-B: 2").getBytes(ISO_8859_1);
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> Http1RequestRules.parse(b, 0, b.length, 2));
            assertEquals("too_many_fields", e.reason());
        }

        @Test
        void headWithoutEmptyLineIsIncomplete() {
            byte[] b = "GET / HTTP/1.1\r\nHost: a\r\n".getBytes(ISO_8859_1);
            BadRequestException e = assertThrows(BadRequestException.class, () -> Http1RequestRules.parse(b, 0, b.length));
            assertEquals("incomplete_head", e.reason());
            byte[] c = "GET / HTTP/1.1".getBytes(ISO_8859_1);
            e = assertThrows(BadRequestException.class, () -> Http1RequestRules.parse(c, 0, c.length));
            assertEquals("incomplete_head", e.reason());
        }
    }

    @Nested
    class HostRules {
        @Test
        void missingOnHttp11() {
            assertBad("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n", "missing_host");
        }

        @Test
        void repeatedOnHttp11() {
            assertBad("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "duplicate_host");
        }

        @Test
        void repeatedOnHttp10() {
            assertBad("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", "duplicate_host");
        }

        @Test
        void emptyOnHttp11() {
            assertBad("GET / HTTP/1.1\r\nHost:   \r\n\r\n", "invalid_host");
        }

        @Test
        void invalidValues() {
            for (String host : List.of("exa mple.com", "a:b", "a:99999", "[::1", "[::1]x", "[1:2]",
                    "user@host", "a/b", ":80", "[fe80::1%25eth0]", "a%2")) {
                assertBad("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", "invalid_host");
            }
        }

        @Test
        void invalidOnHttp10() {
            assertBad("GET / HTTP/1.0\r\nHost: a b\r\n\r\n", "invalid_host");
        }

        @Test
        void validValues() throws Exception {
            for (String host : List.of("a", "example.com", "example.com:8080", "example.com:", "1.2.3.4:80",
                    "[::1]", "[::1]:8080", "[2001:db8::1.2.3.4]", "[1:2:3:4:5:6:7:8]", "[v1.x:y]",
                    "xn--bcher-kva.example", "a%20b", "a_b~c!$&'()*+,;=")) {
                assertEquals(host, parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").headers().first("Host"));
            }
        }
    }

    @Nested
    class ContentLengthRules {
        @Test
        void zeroIsFixed() throws Exception {
            RequestHead h = parse(get("Content-Length: 0"));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(0, h.contentLength());
            assertFalse(h.hasBody());
        }

        @Test
        void notDigits() {
            for (String v : List.of("+5", "-1", "1 2", "0x10", "5a", "", "5,", ",5", "1.0")) {
                assertBad(get("Content-Length: " + v), "invalid_content_length");
            }
        }

        @Test
        void identicalRepeatsCollapse() throws Exception {
            assertEquals(5, parse(get("Content-Length: 5, 5")).contentLength());
            assertEquals(5, parse(get("Content-Length: 5", "content-length: 5,5")).contentLength());
            assertEquals(5, parse(get("Content-Length: 005", "Content-Length: 5")).contentLength());
        }

        @Test
        void differingValues() {
            assertBad(get("Content-Length: 5, 6"), "conflicting_content_length");
            assertBad(get("Content-Length: 5", "Content-Length: 6"), "conflicting_content_length");
        }

        @Test
        void overflow() {
            assertBad(get("Content-Length: 9223372036854775808"), "content_length_overflow");
            assertBad(get("Content-Length: 99999999999999999999999"), "content_length_overflow");
        }

        @Test
        void largestLongIsAccepted() throws Exception {
            assertEquals(Long.MAX_VALUE, parse(get("Content-Length: 9223372036854775807")).contentLength());
        }
    }

    @Nested
    class TransferEncodingRules {
        @Test
        void chunkedIsChunked() throws Exception {
            RequestHead h = parse(get("Transfer-Encoding: chunked"));
            assertEquals(Framing.CHUNKED, h.framing());
            assertEquals(-1, h.contentLength());
            assertTrue(h.hasBody());
            assertEquals(Framing.CHUNKED, parse(get("Transfer-Encoding: ChUnKeD")).framing());
            assertEquals(Framing.CHUNKED, parse(get("Transfer-Encoding: , chunked ,")).framing());
        }

        @Test
        void withContentLength() {
            assertBad(get("Transfer-Encoding: chunked", "Content-Length: 5"), "transfer_encoding_with_content_length");
        }

        @Test
        void inHttp10() {
            assertBad("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "transfer_encoding_in_http10");
        }

        @Test
        void otherCodingBeforeChunkedIs501() {
            assertRejected(get("Transfer-Encoding: gzip, chunked"), 501, "unsupported_transfer_coding");
            assertRejected(get("Transfer-Encoding: gzip", "Transfer-Encoding: chunked"), 501,
                    "unsupported_transfer_coding");
        }

        @Test
        void chunkedNotLast() {
            assertBad(get("Transfer-Encoding: chunked, gzip"), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: gzip"), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: chunked", "Transfer-Encoding: gzip"), "invalid_transfer_encoding");
        }

        @Test
        void chunkedTwice() {
            assertBad(get("Transfer-Encoding: chunked, chunked"), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"), "invalid_transfer_encoding");
        }

        @Test
        void malformedCodings() {
            assertBad(get("Transfer-Encoding:"), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: chunked;x=1"), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: \"chunked\""), "invalid_transfer_encoding");
            assertBad(get("Transfer-Encoding: chun ked"), "invalid_transfer_encoding");
        }
    }

    @Nested
    class ConnectionSemantics {
        @Test
        void http11KeepsAliveUnlessClose() throws Exception {
            assertTrue(parse(get()).keepAlive());
            assertFalse(parse(get("Connection: close")).keepAlive());
            assertFalse(parse(get("Connection: keep-alive, Close")).keepAlive());
            assertFalse(parse(get("Connection: upgrade", "Connection: close")).keepAlive());
        }

        @Test
        void http10KeepsAliveOnlyWhenAsked() throws Exception {
            assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
            assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
            assertFalse(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive());
        }

        @Test
        void expectContinueIsCaseInsensitive() throws Exception {
            assertTrue(parse(get("Expect: 100-Continue")).expectsContinue());
            assertFalse(parse(get()).expectsContinue());
            assertFalse(parse(get("Expect: something-else")).expectsContinue());
        }

        @Test
        void expectContinueIgnoredForHttp10() throws Exception {
            // RFC 9110 10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request
            assertFalse(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").expectsContinue());
        }
    }
}
