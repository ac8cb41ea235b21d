package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowstate.core.http.HeaderFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Proxy-Connection",
            "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Authenticate",
            "Proxy-Authorization");

    private static HeaderFields fields(String... nameValues) {
        HeaderFields h = new HeaderFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    /** The fields as "name: value" lines, in order. */
    private static List<String> lines(HeaderFields h) {
        List<String> out = new ArrayList<>();
        for (HeaderFields.Field f : h) {
            out.add(f.name() + ": " + f.value());
        }
        return out;
    }

    @Test
    void fixedListIsTheRfcList() {
        assertEquals(HOP_BY_HOP, HopByHop.FIXED);
    }

    @Test
    void everyHopByHopNameIsRemovedInAnyCase() {
        for (String name : HOP_BY_HOP) {
            List<String> spellings = List.of(name, name.toLowerCase(Locale.ROOT),
                    name.toUpperCase(Locale.ROOT));
            for (String spelled : spellings) {
                HeaderFields request = fields("Accept", "*/*", spelled, "x", "Host", "h");
                HopByHop.stripRequest(request);
                assertEquals(List.of("Accept: */*", "Host: h"), lines(request), spelled);
                HeaderFields response = fields("Accept", "*/*", spelled, "x", "Host", "h");
                HopByHop.stripResponse(response);
                assertEquals(List.of("Accept: */*", "Host: h"), lines(response), spelled);
            }
        }
    }

    @Test
    void fieldsNamedByConnectionAreRemoved() {
        HeaderFields h = fields(
                "Host", "h",
                "X-Session", "1",
                "connection", "X-Session ,  x-trace-ID",
                "X-Trace-Id", "2",
                "Connection", "close, X-Other",
                "x-other", "3",
                "X-Kept", "4",
                "X-Session", "5");
        HopByHop.stripRequest(h);
        assertEquals(List.of("Host: h", "X-Kept: 4"), lines(h));
    }

    @Test
    void connectionNamingAFixedFieldIsHarmless() {
        HeaderFields h = fields("Connection", "keep-alive, Upgrade", "Keep-Alive", "timeout=5",
                "Upgrade", "websocket", "Accept", "a");
        HopByHop.stripResponse(h);
        assertEquals(List.of("Accept: a"), lines(h));
    }

    @Test
    void teTrailersIsKeptAsExactlyOneField() {
        HeaderFields h = fields("TE", "gzip;q=0.5, Trailers", "Accept", "a", "Connection", "TE",
                "te", "deflate");
        HopByHop.stripRequest(h);
        assertEquals(List.of("Accept: a", "TE: trailers"), lines(h));
    }

    @Test
    void teWithoutTrailersIsRemoved() {
        HeaderFields h = fields("TE", "gzip, deflate", "Accept", "a");
        HopByHop.stripRequest(h);
        assertEquals(List.of("Accept: a"), lines(h));
    }

    @Test
    void teTrailersIsNotKeptOnAResponse() {
        HeaderFields h = fields("TE", "trailers", "Accept", "a");
        HopByHop.stripResponse(h);
        assertEquals(List.of("Accept: a"), lines(h));
    }

    @Test
    void endToEndFieldsKeepTheirOrderAndRepeats() {
        HeaderFields h = fields(
                "Host", "h",
                "Set-Cookie", "a=1",
                "Transfer-Encoding", "chunked",
                "Cache-Control", "no-cache",
                "Set-Cookie", "b=2",
                "Keep-Alive", "timeout=5",
                "Set-Cookie", "c=3",
                "X-Forwarded-For", "1.2.3.4");
        HopByHop.stripResponse(h);
        assertEquals(List.of("Host: h", "Set-Cookie: a=1", "Cache-Control: no-cache",
                "Set-Cookie: b=2", "Set-Cookie: c=3", "X-Forwarded-For: 1.2.3.4"), lines(h));
    }

    @Test
    void nothingToStripChangesNothing() {
        HeaderFields h = fields("Host", "h", "Accept", "a", "Accept", "b");
        HopByHop.stripRequest(h);
        assertEquals(List.of("Host: h", "Accept: a", "Accept: b"), lines(h));
    }
}
