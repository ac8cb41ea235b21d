package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.flowstate.core.http.HeaderFields;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal: no name lookup
    }

    private static List<String> lines(HeaderFields h) {
        List<String> out = new ArrayList<>();
        for (HeaderFields.Field f : h) {
            out.add(f.name() + ": " + f.value());
        }
        return out;
    }

    @Test
    void startsAChainWhenThereIsNone() throws Exception {
        HeaderFields h = new HeaderFields().add("Host", "example.com");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "http", "example.com");
        assertEquals(List.of("Host: example.com", "X-Forwarded-For: 10.0.0.7",
                "X-Forwarded-Proto: http", "X-Forwarded-Host: example.com"), lines(h));
    }

    @Test
    void appendsToAnExistingChain() throws Exception {
        HeaderFields h = new HeaderFields().add("x-forwarded-for", "203.0.113.1, 198.51.100.2");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "https", "example.com");
        assertEquals(List.of("203.0.113.1, 198.51.100.2, 10.0.0.7"), h.all("X-Forwarded-For"));
    }

    @Test
    void joinsSeveralExistingLinesInOrder() throws Exception {
        HeaderFields h = new HeaderFields()
                .add("X-Forwarded-For", "a, b")
                .add("Accept", "*/*")
                .add("X-FORWARDED-FOR", " c ")
                .add("X-Forwarded-For", "")
                .add("X-Forwarded-For", "d");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "http", null);
        assertEquals(List.of("a, b, c, d, 10.0.0.7"), h.all("X-Forwarded-For"));
        assertEquals(1, h.count("X-Forwarded-For"));
        assertEquals("*/*", h.first("Accept"));
    }

    @Test
    void ipv6ClientIsWrittenWithoutBracketsInShortForm() throws Exception {
        HeaderFields h = new HeaderFields().add("X-Forwarded-For", "192.0.2.1");
        ForwardedHeaders.apply(h, ip("::1"), "http", "h");
        assertEquals("192.0.2.1, ::1", h.first("X-Forwarded-For"));
    }

    @Test
    void ipv6TextFollowsRfc5952() throws Exception {
        assertEquals("::1", ForwardedHeaders.ipLiteral(ip("0:0:0:0:0:0:0:1")));
        assertEquals("::", ForwardedHeaders.ipLiteral(ip("0:0:0:0:0:0:0:0")));
        assertEquals("1::", ForwardedHeaders.ipLiteral(ip("1:0:0:0:0:0:0:0")));
        assertEquals("2001:db8::1",
                ForwardedHeaders.ipLiteral(ip("2001:0DB8:0000:0000:0000:0000:0000:0001")));
        // 4.2.2: a single zero group is not shortened
        assertEquals("2001:db8:0:1:1:1:1:1",
                ForwardedHeaders.ipLiteral(ip("2001:db8:0:1:1:1:1:1")));
        // 4.2.3: the longest run is shortened, the first of equal runs
        assertEquals("2001:0:0:1::1", ForwardedHeaders.ipLiteral(ip("2001:0:0:1:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", ForwardedHeaders.ipLiteral(ip("2001:db8:0:0:1:0:0:1")));
        assertEquals("fe80::abcd", ForwardedHeaders.ipLiteral(ip("fe80:0:0:0:0:0:0:ABCD")));
    }

    @Test
    void ipv6ZoneIsDropped() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, ip("fe80::1").getAddress(), 3);
        assertEquals("fe80::1", ForwardedHeaders.ipLiteral(scoped));
    }

    @Test
    void protoAndHostReplaceWhatTheClientSent() throws Exception {
        HeaderFields h = new HeaderFields()
                .add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Proto", "ftp")
                .add("X-Forwarded-Host", "evil.example")
                .add("Host", "example.com:8080");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "http", "example.com:8080");
        assertEquals(List.of("http"), h.all("X-Forwarded-Proto"));
        assertEquals(List.of("example.com:8080"), h.all("X-Forwarded-Host"));
        assertEquals(List.of("example.com:8080"), h.all("Host"));
    }

    @Test
    void forwardedHostIsRemovedWithoutAHost() throws Exception {
        HeaderFields h = new HeaderFields().add("X-Forwarded-Host", "evil.example");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "http", null);
        assertNull(h.first("X-Forwarded-Host"));
        assertNull(h.first("Host"));
    }

    @Test
    void hostIsLeftAsItIs() throws Exception {
        HeaderFields h = new HeaderFields().add("Host", "inbound.example");
        ForwardedHeaders.apply(h, ip("10.0.0.7"), "http", "other.example");
        assertEquals(List.of("inbound.example"), h.all("Host"));
        assertEquals("other.example", h.first("X-Forwarded-Host"));
    }
}
