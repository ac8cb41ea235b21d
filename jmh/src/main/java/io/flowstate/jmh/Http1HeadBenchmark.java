package io.flowstate.jmh;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.BadResponseException;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.Http1ResponseRules;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.http1.ResponseHead;
import io.flowstate.core.http1.ResponsePlan;
import io.flowstate.core.proxy.HopByHop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's HTTP/1.1 head work that an engine writing its own bytes (the NIO engine) does
 * per request: parse and admit the client's request head ({@link Http1RequestRules#parse}),
 * parse the backend's response head ({@link Http1ResponseRules#parse}), and write the
 * response head to the client ({@link ResponsePlan#encodeHead}: status line, fields,
 * framing, Date).
 *
 * <p>Why: with the gateway path itself at a few hundred nanoseconds ({@link GatewayBenchmark}),
 * these are the rest of the core's share of a request; the JDK and Jetty engines parse with
 * their libraries and do not call them, so the harness alone would not show their cost.
 *
 * <p>{@code fixture}: {@code browser} is the 12-field request of {@link Fixtures#browserFields()}
 * (about 520 bytes) and its 6-field response; {@code harness} the 3-field request and
 * response of the load harness. For the encode, {@code fields} says how the response's
 * fields were made: {@code text} as the JDK and Jetty engines make them (Strings),
 * {@code parsed} by {@link Http1ResponseRules#parse} from the backend's bytes, as an engine
 * that reads bytes itself makes them. The head is written into a heap buffer, cleared
 * first; the plan is made per operation, as an ingress makes one per response.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Http1HeadBenchmark {

    private static final String TARGET = "/catalog/items?page=3";

    /** The heads of {@code fixture} as bytes on the wire. */
    @State(Scope.Thread)
    public static class Wire {
        @Param({"browser", "harness"})
        public String fixture;

        byte[] requestHead;
        byte[] responseHead;

        @Setup
        public void setupWire() throws BadRequestException {
            requestHead = Fixtures.requestHead(fixture, TARGET);
            responseHead = Fixtures.responseHead(fixture);
            int expected = Fixtures.request(fixture, "GET", TARGET).headers().size();
            int parsed = Http1RequestRules.parse(requestHead, 0, requestHead.length).headers().size();
            if (parsed != expected) {
                throw new IllegalStateException("parsed " + parsed + " fields of " + expected);
            }
        }
    }

    /**
     * A response of {@code fixture} with its fields made as {@code fields} says, a body of
     * the length its Content-Length says (the plan frames by the body), and the buffer the
     * head goes into.
     */
    @State(Scope.Thread)
    public static class Encode {
        @Param({"browser", "harness"})
        public String fixture;

        @Param({"text", "parsed"})
        public String fields;

        Exchange exchange;
        Response response;
        final ByteBuffer out = ByteBuffer.allocate(4096);

        @Setup
        public void setupEncode() throws BadResponseException {
            exchange = new Exchange(Fixtures.request(fixture, "GET", TARGET), Fixtures.CLIENT, "http", 0L);
            Response text = Fixtures.response(fixture);
            Body body = Body.of(new byte[Integer.parseInt(text.headers().first("Content-Length"))]);
            byte[] wire = Fixtures.responseHead(fixture);
            HeaderFields headers = switch (fields) {
                case "text" -> text.headers();
                case "parsed" -> Http1ResponseRules.parse(wire, 0, wire.length, "GET").headers();
                default -> throw new IllegalArgumentException("fields is text or parsed, not " + fields);
            };
            HopByHop.stripResponse(headers);                   // as the proxy path hands it to the plan
            response = new Response(text.status(), headers, body, Response.Origin.UPSTREAM);
            // The head written must carry the response's fields: check it once.
            encode(this);
            String head = new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
            for (HeaderFields.Field f : response.headers()) {
                // The plan writes framing itself, from the body's length.
                if (!f.is("Content-Length") && !head.contains(f.name() + ": " + f.value() + "\r\n")) {
                    throw new IllegalStateException("the encoded head lacks " + f + ":\n" + head);
                }
            }
        }
    }

    /** A request head as read from the client: request line, fields, Host and framing rules. */
    @Benchmark
    public RequestHead parseRequestHead(Wire wire) throws BadRequestException {
        return Http1RequestRules.parse(wire.requestHead, 0, wire.requestHead.length);
    }

    /** A backend's response head as read from it: status line, fields, framing rules. */
    @Benchmark
    public ResponseHead parseResponseHead(Wire wire) throws BadResponseException {
        return Http1ResponseRules.parse(wire.responseHead, 0, wire.responseHead.length, "GET");
    }

    /** The response head to the client, as an engine that writes bytes itself writes it. */
    @Benchmark
    public ByteBuffer encodeResponseHead(Encode encode) {
        return encode(encode);
    }

    private static ByteBuffer encode(Encode e) {
        e.out.clear();
        ResponsePlan plan = ResponsePlan.of(e.exchange, e.response, true, true, false);
        if (!plan.encodeHead(e.out)) {
            throw new IllegalStateException("the head does not fit 4096 bytes");
        }
        return e.out;
    }
}
