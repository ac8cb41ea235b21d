package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Retries at the edges, with failures scripted by OkHttp's MockWebServer: a backend that hangs
 * up after reading the request, one whose response head comes after the per-try timeout, and
 * one whose head is prompt but whose body is slow. The first two happen before a response has
 * started, so an idempotent request goes to the other backend; the third happens after, so
 * the client gets what the backend sends, however slowly (RetryConfig: nothing is retried
 * once the response has started towards the client).
 *
 * <p>MockWebServer's delays are sleeps on its own threads that end early when the server is
 * closed, so a delay longer than the test is never waited out.
 */
class ScriptedFailuresTest {
    /** MockWebServer logs every exchange at INFO; kept here so the level sticks (JUL holds loggers weakly). */
    private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private static final String POST = "POST /order HTTP/1.1\r\nHost: test.local\r\nContent-Length: 8\r\n\r\norder=42";

    /** A MockWebServer on loopback that answers every request with {@code response}. */
    private static MockWebServer scripted(MockResponse response) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return response;
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static String url(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static Backend named(String name) throws IOException {
        return Backend.start(call -> call.respond(200, name));
    }

    private static String pool(String options, String... urls) {
        return HealthCheckTest.pool(options, urls);
    }

    /**
     * Sends GETs one at a time until {@code scripted} has received one (at most 10); every GET
     * before that must come back 200 from {@code other}. Returns the answer to the GET that
     * reached {@code scripted}, after checking that it reached {@code scripted} once and
     * {@code other} {@code otherDelta} times (1: it was retried there).
     */
    private static Client.Reply getUntilItReaches(MockWebServer scripted, Backend other, Client client,
                                                  int otherDelta) throws IOException {
        return getUntilItReaches(scripted, other, client, otherDelta, true);
    }

    /** As above; {@code exactlyOnce} false accepts more than one copy of the GET at {@code scripted}. */
    private static Client.Reply getUntilItReaches(MockWebServer scripted, Backend other, Client client,
                                                  int otherDelta, boolean exactlyOnce) throws IOException {
        for (int i = 0; i < 10; i++) {
            int before = scripted.getRequestCount();
            int otherBefore = other.headsSoFar().size();
            Client.Reply reply = client.get("/try/" + i);
            if (scripted.getRequestCount() > before) {
                if (exactlyOnce) {
                    assertEquals(before + 1, scripted.getRequestCount(), "the scripted backend got the GET twice");
                }
                assertEquals(otherBefore + otherDelta, other.headsSoFar().size());
                return reply;
            }
            assertEquals(200, reply.status(), reply.text());
            assertEquals("b", reply.text());
        }
        throw new AssertionError("none of 10 GETs reached the scripted backend");
    }

    /** The connection closes after the request was read: a GET is retried elsewhere, a POST is not. */
    @EngineTest
    void disconnectAfterTheRequestRetriesAGetButNotAPost(Engine engine) throws Exception {
        MockResponse hangUp = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        try (MockWebServer a = scripted(hangUp); Backend b = named("b")) {
            try (Proxy proxy = Proxy.on(engine).pools(pool("", url(a), b.url())).start();
                 Client client = proxy.client()) {
                // Once at a is what the retry policy says; the jdk engine sends it twice (see
                // withRetriesOffAHungUpGetIsSentOnce), so that is checked there, not here.
                Client.Reply reply = getUntilItReaches(a, b, client, 1, false);
                assertEquals(200, reply.status(), reply.text());
                assertEquals("b", reply.text());
            }
            // A pool of a alone: the POST surely goes there; a retry would go there again.
            try (Proxy proxy = Proxy.on(engine).pools(pool("", url(a))).start(); Client client = proxy.client()) {
                int before = a.getRequestCount();
                Client.Reply reply = client.send(POST).read("POST");
                // 502 upstream_reset; the jetty engine sometimes answers 500 instead (see
                // ResilienceTest.postToABackendThatHangsUpIsAlways502, disabled until fixed).
                assertTrue(reply.status() >= 500, reply.status() + " " + reply.text());
                assertEquals(before + 1, a.getRequestCount(), "the POST was sent again");
            }
        }
    }

    /**
     * With retries off ({@code "attempts": 1}) a GET whose connection the backend closes after
     * reading the request is sent once, and the client gets 502.
     *
     * <p>java.net.http would resend a GET or HEAD once by itself when the connection ends
     * before the first byte of the response (MultiExchange retries a ConnectionExpiredException
     * for idempotent methods), below the proxy's retry policy; the JDK engine turns that off
     * ({@code JdkEngine.PROPERTIES}), so {@code retry.attempts} holds on every engine.
     */
    @EngineTest
    void withRetriesOffAHungUpGetIsSentOnce(Engine engine) throws Exception {
        MockResponse hangUp = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        try (MockWebServer a = scripted(hangUp);
             Proxy proxy = Proxy.on(engine).pools(pool("\"retry\": { \"attempts\": 1 }", url(a))).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/once");
            assertEquals(502, reply.status(), reply.text());
            assertEquals("upstream_reset", reply.reason());
            assertEquals(1, a.getRequestCount(), "the GET was sent again to the backend that hung up");
        }
    }

    /**
     * A head slower than {@code retry.perTryTimeout}: that try is given up and the GET succeeds
     * on the other backend. The slow head would come only after the client's own read timeout,
     * so the answer from the other backend shows the proxy did not wait for it.
     */
    @EngineTest
    void slowHeadBeyondThePerTryTimeoutIsRetriedElsewhere(Engine engine) throws Exception {
        MockResponse slowHead = new MockResponse.Builder().headersDelay(60, TimeUnit.SECONDS).body("slow").build();
        String options = "\"retry\": { \"perTryTimeout\": \"500ms\" }";
        try (MockWebServer a = scripted(slowHead); Backend b = named("b");
             Proxy proxy = Proxy.on(engine).pools(pool(options, url(a), b.url())).start();
             Client client = proxy.client()) {
            Client.Reply reply = getUntilItReaches(a, b, client, 1);
            assertEquals(200, reply.status(), reply.text());
            assertEquals("b", reply.text());
        }
    }

    /**
     * A prompt head and a body that comes after the per-try timeout: the response has started,
     * so there is no retry and the per-try timeout does not cut the body; the client gets the
     * whole body from the slow backend and the other backend never sees the request.
     */
    @EngineTest
    void slowBodyAfterTheHeadIsNotRetried(Engine engine) throws Exception {
        String body = "the whole body, late";
        MockResponse slowBody = new MockResponse.Builder().body(body).bodyDelay(1200, TimeUnit.MILLISECONDS).build();
        String options = "\"retry\": { \"perTryTimeout\": \"400ms\" }";
        try (MockWebServer a = scripted(slowBody); Backend b = named("b");
             Proxy proxy = Proxy.on(engine).pools(pool(options, url(a), b.url())).start();
             Client client = proxy.client()) {
            Client.Reply reply = getUntilItReaches(a, b, client, 0);
            assertEquals(200, reply.status(), reply.text());
            assertEquals(body, reply.text());
        }
    }
}
