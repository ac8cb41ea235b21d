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

class Http1ResponseRulesTest {

    static ResponseHead parse(String head, String method) throws BadResponseException {
        byte[] b = head.getBytes(ISO_8859_1);
        int end = Http1ResponseRules.findHeadEnd(b, 0, b.length, Http1ResponseRules.DEFAULT_MAX_HEADER_BYTES);
        assertTrue(end > 0, "head end not found in " + head);
        return Http1ResponseRules.parse(b, 0, end, method);
    }

    static ResponseHead parse(String head) throws BadResponseException {
        return parse(head, "GET");
    }

    static void assertRefused(String head, String method, String reason) {
        BadResponseException e = assertThrows(BadResponseException.class, () -> parse(head, method), head);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    static void assertRefused(String head, String reason) {
        assertRefused(head, "GET", reason);
    }

    /** The status line, then the given field lines, then the empty line. */
    static String response(String statusLine, String... fieldLines) {
        StringBuilder sb = new StringBuilder(statusLine).append("\r\n");
        for (String line : fieldLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** A 200 with the given field lines. */
    static String ok(String... fieldLines) {
        return response("HTTP/1.1 200 OK", fieldLines);
    }

    static List<String> fieldsOf(HeaderFields headers) {
        List<String> out = new ArrayList<>();
        headers.forEach((n, v) -> out.add(n + "=" + v));
        return out;
    }

    @Nested
    class ValidHeads {
        @Test
        void parsesStatusVersionAndExactFieldsInOrder() throws Exception {
            String head = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-A:  1 \r\nx-a: 2\r\n"
                    + "X-Empty:\r\nContent-Length: 7\r\n\r\n";
            ResponseHead h = parse(head);
            assertEquals(404, h.status());
            assertEquals("HTTP/1.1", h.version());
            assertTrue(h.isHttp11());
            assertEquals(List.of("Content-Type=text/plain", "X-A=1", "x-a=2", "X-Empty=", "Content-Length=7"),
                    fieldsOf(h.headers()));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(7, h.contentLength());
            assertTrue(h.keepAlive());
            assertFalse(h.interim());
            assertTrue(h.hasBody());
            assertEquals(head.length(), h.headBytes());
        }

        @Test
        void parseStopsAtTheEmptyLineAndIgnoresTheBody() throws Exception {
            String head = ok("Content-Length: 5");
            byte[] b = (head + "hello\r\n\r\nHTTP/1.1 garbage").getBytes(ISO_8859_1);
            ResponseHead h = Http1ResponseRules.parse(b, 0, b.length, "GET");
            assertEquals(head.length(), h.headBytes());
        }

        @Test
        void parseAtAnOffset() throws Exception {
            String head = ok("Content-Length: 0");
            byte[] b = ("xyz" + head).getBytes(ISO_8859_1);
            int end = Http1ResponseRules.findHeadEnd(b, 3, b.length - 3, 1024);
            assertEquals(b.length, end);
            ResponseHead h = Http1ResponseRules.parse(b, 3, end - 3, "GET");
            assertEquals(head.length(), h.headBytes());
            assertEquals(0, h.contentLength());
            assertFalse(h.hasBody());
        }

        @Test
        void bareLfEndsLines() throws Exception {
            ResponseHead h = parse("HTTP/1.1 200 OK\nContent-Length: 1\n\n");
            assertEquals(1, h.contentLength());
            assertEquals(35, h.headBytes());
        }

        @Test
        void everyStatusFrom100To599ParsesExcept101AndTheOtherUnrelayedInterims() throws Exception {
            for (int status = 100; status <= 599; status++) {
                String head = response("HTTP/1.1 " + status + " X", "Content-Length: 0");
                if (Http1Interim.relayable(status)) {
                    assertEquals(status, parse(head).status());
                } else {
                    assertThrows(BadResponseException.class, () -> parse(head), head);
                }
            }
        }

        @Test
        void exactlyMaxFieldsIsAcceptedAndOneMoreIsRefused() throws Exception {
            String[] lines = new String[5];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "X-" + i + ": v";
            }
            byte[] b = ok(lines).getBytes(ISO_8859_1);
            assertEquals(5, Http1ResponseRules.parse(b, 0, b.length, "GET", 5).headers().size());
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> Http1ResponseRules.parse(b, 0, b.length, "GET", 4));
            assertEquals("too_many_fields", e.reason());
        }

        @Test
        void theDefaultFieldLimitIsTheRequestSidesOne() {
            assertEquals(Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS, Http1ResponseRules.DEFAULT_MAX_HEADER_FIELDS);
            String[] lines = new String[Http1ResponseRules.DEFAULT_MAX_HEADER_FIELDS + 1];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "X-" + i + ": v";
            }
            assertRefused(ok(lines), "too_many_fields");
        }
    }

    @Nested
    class HeadEnd {
        private int end(String s, int max) throws BadResponseException {
            byte[] b = s.getBytes(ISO_8859_1);
            return Http1ResponseRules.findHeadEnd(b, 0, b.length, max);
        }

        @Test
        void anIncompleteHeadIsMinusOne() throws Exception {
            assertEquals(-1, end("HTTP/1.1 200 OK\r\nA: b\r\n", 1024));
            assertEquals(-1, end("HTTP/1.1 200 OK\r\nA: b\r\n\r", 1024));
            assertEquals(-1, end("", 1024));
        }

        @Test
        void endsAfterCrlfCrlfOrLfLfOrAMix() throws Exception {
            assertEquals(19, end("HTTP/1.1 200 OK\r\n\r\nbody", 1024));
            assertEquals(17, end("HTTP/1.1 200 OK\n\nbody", 1024));
            assertEquals(18, end("HTTP/1.1 200 OK\n\r\nbody", 1024));
            assertEquals(18, end("HTTP/1.1 200 OK\r\n\nbody", 1024));
        }

        @Test
        void leadingEmptyLinesAreNotSkippedButEndAHeadThatIsRefused() throws Exception {
            assertEquals(2, end("\r\nHTTP/1.1 200 OK\r\n\r\n", 1024));
            assertEquals(1, end("\nHTTP/1.1 200 OK\r\n\r\n", 1024));
            assertRefused("\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "invalid_status_line");
        }

        @Test
        void aHeadOfExactlyMaxBytesIsFound() throws Exception {
            String head = ok("Content-Length: 0");
            assertEquals(head.length(), end(head, head.length()));
        }

        @Test
        void noEndWithinMaxBytesIsHeaderTooLarge() {
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> end("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(100) + "\r\n\r\n", 64));
            assertEquals("header_too_large", e.reason());
        }
    }

    @Nested
    class StatusLineRules {
        @Test
        void anEmptyReasonPhraseAfterItsSpIsAccepted() throws Exception {
            assertEquals(200, parse(response("HTTP/1.1 200 ", "Content-Length: 0")).status());
        }

        @Test
        void theSpBeforeAnEmptyReasonPhraseMayBeMissing() throws Exception {
            ResponseHead h = parse(response("HTTP/1.1 204"));
            assertEquals(204, h.status());
            assertEquals(16, h.headBytes());
        }

        @Test
        void theReasonPhraseMayHoldSpacesTabsAndObsText() throws Exception {
            assertEquals(200, parse(response("HTTP/1.1 200  Very\tO\u00e9K ", "Content-Length: 0")).status());
        }

        @Test
        void controlCharactersInTheReasonPhraseAreRefused() {
            for (char c : new char[] {0, 1, 0x1F, 0x7F}) {
                assertRefused(response("HTTP/1.1 200 O" + c + "K", "Content-Length: 0"), "invalid_reason_phrase");
            }
        }

        @Test
        void aStatusCodeIsExactlyThreeDigits() {
            assertRefused(response("HTTP/1.1 20 OK"), "invalid_status");
            assertRefused(response("HTTP/1.1 2000 OK"), "invalid_status");
            assertRefused(response("HTTP/1.1 200OK"), "invalid_status");
            assertRefused(response("HTTP/1.1 2x0 OK"), "invalid_status");
            assertRefused(response("HTTP/1.1 +20 OK"), "invalid_status");
            assertRefused(response("HTTP/1.1"), "invalid_status_line");
            assertRefused(response("HTTP/1.1 "), "invalid_status");
        }

        @Test
        void statusCodesOutside100To599AreRefused() {
            for (String code : new String[] {"000", "099", "600", "999"}) {
                assertRefused(response("HTTP/1.1 " + code + " X"), "invalid_status");
            }
        }

        @Test
        void separatorsAreSingleSps() {
            assertRefused(response("HTTP/1.1  200 OK"), "invalid_status");
            assertRefused(response("HTTP/1.1\t200 OK"), "invalid_version");
            assertRefused(response(" HTTP/1.1 200 OK"), "invalid_version");
        }

        @Test
        void onlyHttp11AndHttp10AreSupported() {
            assertRefused(response("HTTP/2.0 200 OK"), "unsupported_version");
            assertRefused(response("HTTP/1.2 200 OK"), "unsupported_version");
            assertRefused(response("HTTP/0.9 200 OK"), "unsupported_version");
        }

        @Test
        void aMalformedVersionIsRefused() {
            assertRefused(response("http/1.1 200 OK"), "invalid_version");
            assertRefused(response("HTTP/1.1x 200 OK"), "invalid_version");
            assertRefused(response("HTTP/11 200 OK"), "invalid_version");
            assertRefused(response("ICY 200 OK"), "invalid_version");
        }

        @Test
        void aBareCrInTheStatusLineIsRefused() {
            assertRefused("HTTP/1.1 200 O\rK\r\n\r\n", "bare_cr");
        }

        @Test
        void aHeadWithoutAStatusLineEndIsIncomplete() {
            byte[] b = "HTTP/1.1 200 OK".getBytes(ISO_8859_1);
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> Http1ResponseRules.parse(b, 0, b.length, "GET"));
            assertEquals("incomplete_head", e.reason());
        }
    }

    @Nested
    class FieldLineRules {
        @Test
        void whitespaceRightAfterTheStatusLineIsRefused() {
            assertRefused(ok(" X-A: 1"), "whitespace_after_status_line");
        }

        @Test
        void obsFoldIsRefused() {
            assertRefused(ok("X-A: 1", " 2"), "obs_fold");
            assertRefused(ok("X-A: 1", "\t2"), "obs_fold");
        }

        @Test
        void whitespaceBeforeTheColonIsRefused() {
            assertRefused(ok("Content-Length : 0"), "whitespace_before_colon");
        }

        @Test
        void aBareCrInAFieldIsRefused() {
            assertRefused(ok("X-A: 1\r2"), "bare_cr");
            assertRefused(ok("X\r-A: 1"), "bare_cr");
        }

        @Test
        void invalidBytesInNamesAndValuesAreRefused() {
            assertRefused(ok("X(A): 1"), "invalid_field_name");
            assertRefused(ok(": 1"), "invalid_field_name");
            assertRefused(ok("X-A: a\u0000b"), "invalid_field_value");
            assertRefused(ok("X-A: a\u007Fb"), "invalid_field_value");
            assertRefused(ok("X-A"), "missing_colon");
        }

        @Test
        void aHeadWithoutItsEmptyLineIsIncomplete() {
            byte[] b = "HTTP/1.1 200 OK\r\nX-A: 1\r\n".getBytes(ISO_8859_1);
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> Http1ResponseRules.parse(b, 0, b.length, "GET"));
            assertEquals("incomplete_head", e.reason());
        }
    }

    @Nested
    class BodilessResponses {
        @Test
        void aResponseToHeadHasNoBodyWhateverItsContentLength() throws Exception {
            ResponseHead h = parse(ok("Content-Length: 1234"), "HEAD");
            assertEquals(Framing.NONE, h.framing());
            assertEquals(-1, h.contentLength());
            assertFalse(h.hasBody());
            assertTrue(h.keepAlive());
            assertEquals("1234", h.headers().first("Content-Length"));
        }

        @Test
        void aResponseToHeadHasNoBodyWhateverItsTransferEncoding() throws Exception {
            assertEquals(Framing.NONE, parse(ok("Transfer-Encoding: chunked"), "HEAD").framing());
        }

        @Test
        void aResponseToHeadWithNeitherLengthNorChunkedIsNotCloseDelimited() throws Exception {
            ResponseHead h = parse(ok(), "HEAD");
            assertEquals(Framing.NONE, h.framing());
            assertTrue(h.keepAlive());
        }

        @Test
        void noContentAndNotModifiedHaveNoBodyWhateverTheirFieldsSay() throws Exception {
            for (String status : new String[] {"204 No Content", "304 Not Modified"}) {
                for (String field : new String[] {"Content-Length: 10", "Transfer-Encoding: chunked",
                                                  "Content-Length: x", "X-None: 1"}) {
                    ResponseHead h = parse(response("HTTP/1.1 " + status, field));
                    assertEquals(Framing.NONE, h.framing(), status + " " + field);
                    assertTrue(h.keepAlive(), status + " " + field);
                }
            }
        }

        @Test
        void framingFieldsOfABodilessResponseAreNotValidated() throws Exception {
            ResponseHead h = parse(ok("Content-Length: 1", "Content-Length: 2", "Transfer-Encoding: gzip"), "HEAD");
            assertEquals(Framing.NONE, h.framing());
        }

        @Test
        void aSuccessfulResponseToConnectHasNoBodyAndEndsReuse() throws Exception {
            ResponseHead h = parse(ok("Content-Length: 5"), "CONNECT");
            assertEquals(Framing.NONE, h.framing());
            assertFalse(h.keepAlive());
        }

        @Test
        void aFailedResponseToConnectIsFramedAsUsual() throws Exception {
            ResponseHead h = parse(response("HTTP/1.1 403 Forbidden", "Content-Length: 5"), "CONNECT");
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(5, h.contentLength());
            assertTrue(h.keepAlive());
        }

        @Test
        void theMethodIsCaseSensitive() throws Exception {
            assertEquals(Framing.FIXED, parse(ok("Content-Length: 5"), "head").framing());
        }
    }

    @Nested
    class InterimResponses {
        @Test
        void continueIsInterim() throws Exception {
            ResponseHead h = parse(response("HTTP/1.1 100 Continue"));
            assertTrue(h.interim());
            assertEquals(Framing.NONE, h.framing());
            assertEquals(-1, h.contentLength());
        }

        @Test
        void earlyHintsAreInterim() throws Exception {
            String head = response("HTTP/1.1 103 Early Hints", "Link: </style.css>; rel=preload; as=style");
            ResponseHead h = parse(head);
            assertTrue(h.interim());
            assertEquals(103, h.status());
            assertEquals(Framing.NONE, h.framing());
            assertEquals("</style.css>; rel=preload; as=style", h.headers().first("Link"));
            assertEquals(head.length(), h.headBytes());
        }

        @Test
        void anInterimHeadHasNoBodyWhateverItsFieldsSay() throws Exception {
            assertEquals(Framing.NONE, parse(response("HTTP/1.1 100 Continue", "Content-Length: 9")).framing());
            assertEquals(Framing.NONE, parse(response("HTTP/1.1 103 Early Hints",
                    "Transfer-Encoding: chunked")).framing());
        }

        @Test
        void theFinalHeadFollowsAnInterimOneAtItsHeadBytes() throws Exception {
            String interim = response("HTTP/1.1 100 Continue");
            String last = ok("Content-Length: 2");
            byte[] b = (interim + last + "ok").getBytes(ISO_8859_1);
            int end = Http1ResponseRules.findHeadEnd(b, 0, b.length, 1024);
            ResponseHead first = Http1ResponseRules.parse(b, 0, end, "POST");
            assertTrue(first.interim());
            int next = first.headBytes();
            end = Http1ResponseRules.findHeadEnd(b, next, b.length - next, 1024);
            ResponseHead second = Http1ResponseRules.parse(b, next, end - next, "POST");
            assertEquals(200, second.status());
            assertEquals(2, second.contentLength());
            assertEquals(b.length - 2, next + second.headBytes());
        }

        @Test
        void aSwitchingProtocolsIsRefused() {
            assertRefused(response("HTTP/1.1 101 Switching Protocols", "Connection: upgrade", "Upgrade: websocket"),
                    "upgrade_not_supported");
        }

        @Test
        void aSwitchingProtocolsIsRefusedWhateverTheMethod() {
            assertRefused(response("HTTP/1.1 101 Switching Protocols"), "HEAD", "upgrade_not_supported");
        }

        @Test
        void otherInterimStatusesAreRefused() {
            for (int status : new int[] {102, 104, 150, 199}) {
                assertRefused(response("HTTP/1.1 " + status + " X"), "unexpected_interim");
            }
        }
    }

    @Nested
    class TransferEncodingRules {
        @Test
        void chunkedIsChunked() throws Exception {
            ResponseHead h = parse(ok("Transfer-Encoding: chunked"));
            assertEquals(Framing.CHUNKED, h.framing());
            assertEquals(-1, h.contentLength());
            assertTrue(h.keepAlive());
            assertTrue(h.hasBody());
            assertEquals(Framing.CHUNKED, parse(ok("Transfer-Encoding: ChUnKeD")).framing());
            assertEquals(Framing.CHUNKED, parse(ok("Transfer-Encoding: , chunked ,")).framing());
        }

        @Test
        void aCodingBeforeChunkedIsRefusedNotReadUntilClose() {
            assertRefused(ok("Transfer-Encoding: gzip, chunked"), "unsupported_transfer_coding");
            assertRefused(ok("Transfer-Encoding: gzip", "Transfer-Encoding: chunked"), "unsupported_transfer_coding");
        }

        @Test
        void chunkedThatIsNotTheFinalCodingIsRefused() {
            assertRefused(ok("Transfer-Encoding: chunked, gzip"), "invalid_transfer_encoding");
            assertRefused(ok("Transfer-Encoding: gzip"), "invalid_transfer_encoding");
            assertRefused(ok("Transfer-Encoding: identity"), "invalid_transfer_encoding");
        }

        @Test
        void chunkedTwiceIsRefused() {
            assertRefused(ok("Transfer-Encoding: chunked, chunked"), "invalid_transfer_encoding");
            assertRefused(ok("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"), "invalid_transfer_encoding");
        }

        @Test
        void anEmptyOrMalformedTransferEncodingIsRefused() {
            assertRefused(ok("Transfer-Encoding:"), "invalid_transfer_encoding");
            assertRefused(ok("Transfer-Encoding: chunked;q=1"), "invalid_transfer_encoding");
            assertRefused(ok("Transfer-Encoding: \"chunked\""), "invalid_transfer_encoding");
        }

        @Test
        void transferEncodingWithContentLengthIsRefused() {
            assertRefused(ok("Transfer-Encoding: chunked", "Content-Length: 5"), "transfer_encoding_with_content_length");
            assertRefused(ok("Content-Length: 5", "Transfer-Encoding: chunked"), "transfer_encoding_with_content_length");
        }

        @Test
        void transferEncodingInAnHttp10ResponseIsRefused() {
            assertRefused(response("HTTP/1.0 200 OK", "Transfer-Encoding: chunked"), "transfer_encoding_in_http10");
        }
    }

    @Nested
    class ContentLengthRules {
        @Test
        void aContentLengthIsFixed() throws Exception {
            ResponseHead h = parse(ok("Content-Length: 42"));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(42, h.contentLength());
        }

        @Test
        void zeroIsFixedWithoutABody() throws Exception {
            ResponseHead h = parse(ok("Content-Length: 0"));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(0, h.contentLength());
            assertFalse(h.hasBody());
        }

        @Test
        void aContentLengthIsOneOrMoreDigits() {
            for (String v : new String[] {"", "-1", "+1", "1.0", "0x10", "1 2", "abc"}) {
                assertRefused(ok("Content-Length: " + v), "invalid_content_length");
            }
        }

        @Test
        void identicalContentLengthsCollapseToOne() throws Exception {
            assertEquals(7, parse(ok("Content-Length: 7", "Content-Length: 7")).contentLength());
            assertEquals(7, parse(ok("Content-Length: 7, 7,7")).contentLength());
        }

        @Test
        void twoDifferentContentLengthsAreRefused() {
            assertRefused(ok("Content-Length: 7", "Content-Length: 8"), "conflicting_content_length");
            assertRefused(ok("Content-Length: 7, 8"), "conflicting_content_length");
        }

        @Test
        void aContentLengthBeyond63BitsIsRefused() {
            assertRefused(ok("Content-Length: 9223372036854775808"), "content_length_overflow");
        }

        @Test
        void theLargestLongIsAccepted() throws Exception {
            assertEquals(Long.MAX_VALUE, parse(ok("Content-Length: 9223372036854775807")).contentLength());
        }

        @Test
        void anHttp10ResponseMayHaveAContentLength() throws Exception {
            ResponseHead h = parse(response("HTTP/1.0 200 OK", "Content-Length: 3"));
            assertEquals(Framing.FIXED, h.framing());
            assertEquals(3, h.contentLength());
        }
    }

    @Nested
    class CloseDelimited {
        @Test
        void aResponseWithNeitherLengthNorChunkedIsCloseDelimited() throws Exception {
            ResponseHead h = parse(ok("Content-Type: text/html"));
            assertEquals(Framing.CLOSE_DELIMITED, h.framing());
            assertEquals(-1, h.contentLength());
            assertTrue(h.hasBody());
            assertFalse(h.keepAlive());
        }

        @Test
        void aCloseDelimitedBodyEndsReuseEvenWithKeepAlive() throws Exception {
            assertFalse(parse(ok("Connection: keep-alive")).keepAlive());
            assertFalse(parse(response("HTTP/1.0 200 OK", "Connection: keep-alive")).keepAlive());
        }

        @Test
        void anErrorStatusWithNeitherIsCloseDelimitedToo() throws Exception {
            assertEquals(Framing.CLOSE_DELIMITED, parse(response("HTTP/1.1 500 Oops")).framing());
        }
    }

    @Nested
    class KeepAliveRules {
        @Test
        void http11PersistsByDefault() throws Exception {
            assertTrue(parse(ok("Content-Length: 0")).keepAlive());
        }

        @Test
        void connectionCloseEndsReuse() throws Exception {
            assertFalse(parse(ok("Connection: close", "Content-Length: 0")).keepAlive());
            assertFalse(parse(ok("Connection: Keep-Alive, CLOSE", "Content-Length: 0")).keepAlive());
            assertFalse(parse(ok("Connection: x", "Connection: close", "Content-Length: 0")).keepAlive());
            assertFalse(parse(response("HTTP/1.1 204 No Content", "Connection: close")).keepAlive());
        }

        @Test
        void http10KeepAliveNeedsTheOption() throws Exception {
            assertFalse(parse(response("HTTP/1.0 200 OK", "Content-Length: 0")).keepAlive());
            assertTrue(parse(response("HTTP/1.0 200 OK", "Connection: keep-alive", "Content-Length: 0")).keepAlive());
            assertTrue(parse(response("HTTP/1.0 200 OK", "Connection: Keep-Alive", "Content-Length: 0")).keepAlive());
            assertFalse(parse(response("HTTP/1.0 200 OK", "Connection: keep-alive, close",
                    "Content-Length: 0")).keepAlive());
        }

        @Test
        void http10BodilessResponsesFollowTheSameRule() throws Exception {
            assertFalse(parse(response("HTTP/1.0 304 Not Modified")).keepAlive());
            assertTrue(parse(response("HTTP/1.0 304 Not Modified", "Connection: keep-alive")).keepAlive());
        }

        @Test
        void aKeepAliveOptionDoesNotStopAnHttp11FromPersisting() throws Exception {
            assertTrue(parse(ok("Connection: keep-alive", "Content-Length: 0")).keepAlive());
        }
    }

    @Nested
    class Record {
        @Test
        void aCloseDelimitedHeadCannotClaimKeepAlive() {
            assertThrows(IllegalArgumentException.class,
                    () -> new ResponseHead(200, "HTTP/1.1", new HeaderFields(), Framing.CLOSE_DELIMITED, -1, true, 10));
        }

        @Test
        void anInterimHeadCannotHaveABody() {
            assertThrows(IllegalArgumentException.class,
                    () -> new ResponseHead(100, "HTTP/1.1", new HeaderFields(), Framing.FIXED, 0, true, 10));
        }

        @Test
        void contentLengthMustFitTheFraming() {
            assertThrows(IllegalArgumentException.class,
                    () -> new ResponseHead(200, "HTTP/1.1", new HeaderFields(), Framing.CHUNKED, 5, true, 10));
            assertThrows(IllegalArgumentException.class,
                    () -> new ResponseHead(200, "HTTP/1.1", new HeaderFields(), Framing.FIXED, -1, true, 10));
        }

        @Test
        void theStatusMustBeWithin100To599() {
            assertThrows(IllegalArgumentException.class,
                    () -> new ResponseHead(600, "HTTP/1.1", new HeaderFields(), Framing.NONE, -1, true, 10));
        }
    }
}
