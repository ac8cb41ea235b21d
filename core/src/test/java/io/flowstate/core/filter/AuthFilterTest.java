package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.AuthSettings;
import io.flowstate.core.config.AuthSettings.Scheme;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.proxy.ProxyHandler;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.testing.TestHandlers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AuthFilter: 401 without credentials, 403 with wrong ones, through with a right one; stripping; no token ever shown. */
class AuthFilterTest {

    private static final String ID = "req-5";
    private static final List<String> TOKENS = List.of("s3cret-token", "other.Token_2~+/=", "abc");

    /** Answers 200 and counts the requests that reached it. */
    private final TestHandlers.Counting backend = new TestHandlers.Counting();

    private static AuthFilter bearer(boolean strip) {
        return new AuthFilter(new AuthSettings(Scheme.BEARER, "Authorization", TOKENS, strip));
    }

    private static AuthFilter apiKey(String header, boolean strip) {
        return new AuthFilter(new AuthSettings(Scheme.API_KEY, header, TOKENS, strip));
    }

    /** An exchange with these field lines, given as name, value, name, value... */
    private static Exchange exchange(String... nameValues) {
        HeaderFields h = new HeaderFields().add("Host", "example.com");
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        Exchange exchange = new Exchange(new Request("GET", "/x", h, Body.empty()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), "http", 0);
        exchange.requestId(ID);
        return exchange;
    }

    private Response send(AuthFilter filter, Exchange exchange) {
        return filter.filter(exchange, backend).toCompletableFuture().join();
    }

    private void assertMissing(String challenge, Response r) {
        assertEquals(401, r.status());
        assertEquals(Response.Origin.PROXY, r.origin());
        assertEquals(List.of(challenge), r.headers().all("WWW-Authenticate"));
        assertEquals("{\"status\":401,\"reason\":\"credentials_missing\",\"requestId\":\"" + ID + "\"}\n", TestHandlers.text(r));
        assertEquals(0, backend.calls);
    }

    private void assertInvalid(Response r) {
        assertEquals(403, r.status());
        assertEquals(Response.Origin.PROXY, r.origin());
        assertFalse(r.headers().contains("WWW-Authenticate"));
        assertEquals("{\"status\":403,\"reason\":\"credentials_invalid\",\"requestId\":\"" + ID + "\"}\n", TestHandlers.text(r));
        assertEquals(0, backend.calls);
    }

    // ---- bearer

    @Test
    void bearerWithoutAuthorizationIs401WithABearerChallenge() {
        assertMissing("Bearer", send(bearer(false), exchange()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic czNjcmV0LXRva2Vu", "Bearer", "Bearer   ", "", "   ", "Token s3cret-token",
            "Bearers3cret-token"})
    void bearerWithoutABearerTokenIs401(String authorization) {
        assertMissing("Bearer", send(bearer(false), exchange("Authorization", authorization)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token2", "Bearer S3CRET-TOKEN",
            "Bearer ab", "Bearer abcd", "Bearer s3cret-token extra", "Bearer \u00e9"})
    void bearerWithAWrongTokenIs403(String authorization) {
        assertInvalid(send(bearer(false), exchange("Authorization", authorization)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer s3cret-token", "bearer s3cret-token", "BEARER  s3cret-token",
            "Bearer other.Token_2~+/=", "Bearer abc", " Bearer abc "})
    void bearerWithAKnownTokenGoesThroughWithAuthorizationKept(String authorization) {
        Exchange exchange = exchange("authorization", authorization);
        assertEquals(200, send(bearer(false), exchange).status());
        assertEquals(1, backend.calls);
        assertEquals(List.of(), exchange.upstreamRemovals(), "the backend sees Authorization");
    }

    @Test
    void twoAuthorizationLinesAre403EvenIfOneIsRight() {
        assertInvalid(send(bearer(false), exchange("Authorization", "Bearer abc", "Authorization", "Bearer wrong")));
    }

    @Test
    void stripRemovesAuthorizationFromTheRequestSentUpstreamOnly() {
        TestHandlers.RecordingUpstream upstream = new TestHandlers.RecordingUpstream();
        List<Request> sent = upstream.sent;
        Pool pool = new Pool("web", List.of(new Endpoint("10.0.0.1", 9001, 1)), context -> context.candidates().get(0));
        Handler proxy = new ProxyHandler(pool, upstream, 1_000_000_000L, () -> 0L);
        Exchange exchange = exchange("Authorization", "Bearer abc", "Accept", "*/*");

        Response r = bearer(true).filter(exchange, proxy).toCompletableFuture().join();

        assertEquals(200, r.status());
        assertNull(sent.get(0).headers().first("Authorization"));
        assertEquals("*/*", sent.get(0).headers().first("Accept"));
        assertEquals("Bearer abc", exchange.request().headers().first("Authorization"), "the received request is kept");
    }

    // ---- apiKey

    @Test
    void apiKeyWithoutItsFieldIs401WithAnApiKeyChallenge() {
        assertMissing("ApiKey header=\"X-Api-Key\"", send(apiKey("X-Api-Key", false), exchange()));
        assertMissing("ApiKey header=\"X-Api-Key\"", send(apiKey("X-Api-Key", false), exchange("X-Api-Key", " ")));
        assertMissing("ApiKey header=\"X-Key\"", send(apiKey("X-Key", false), exchange("X-Api-Key", "abc")));
    }

    @Test
    void apiKeyComparesTheWholeValue() {
        assertInvalid(send(apiKey("X-Api-Key", false), exchange("X-Api-Key", "Bearer abc")));
        assertInvalid(send(apiKey("X-Api-Key", false), exchange("X-Api-Key", "abcd")));
        assertInvalid(send(apiKey("X-Api-Key", false), exchange("X-Api-Key", "abc", "X-Api-Key", "abc")));
        assertEquals(0, backend.calls);
        assertEquals(200, send(apiKey("X-Api-Key", false), exchange("x-api-key", " abc ")).status());
        assertEquals(200, send(apiKey("X-Api-Key", false), exchange("X-Api-Key", "s3cret-token")).status());
        assertEquals(2, backend.calls);
    }

    @Test
    void apiKeyStripNamesItsField() {
        Exchange exchange = exchange("X-Key", "abc");
        assertEquals(200, send(apiKey("X-Key", true), exchange).status());
        assertEquals(List.of("X-Key"), exchange.upstreamRemovals());
    }

    @Test
    void aRefusedRequestIsNotStripped() {
        Exchange exchange = exchange("X-Key", "wrong");
        assertEquals(403, send(apiKey("X-Key", true), exchange).status());
        assertEquals(List.of(), exchange.upstreamRemovals());
    }

    // ---- tokens never shown

    @Test
    void noTextShowsAToken() {
        AuthSettings settings = new AuthSettings(Scheme.BEARER, "Authorization", TOKENS, true);
        String texts = settings + " " + new AuthFilter(settings) + " " + new Credentials(TOKENS);
        for (String token : TOKENS) {
            assertFalse(texts.contains(token), texts);
        }
        assertEquals("auth(scheme=bearer, header=Authorization, 3 credential(s), strip)", new AuthFilter(settings).toString());
        assertEquals("AuthSettings[scheme=bearer, header=Authorization, tokens=3 (not shown), strip=true]",
                settings.toString());
    }

    @Test
    void settingsCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(Scheme.BEARER, "X-Api-Key", TOKENS, false));
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(Scheme.API_KEY, "X Key", TOKENS, false));
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(Scheme.API_KEY, "X-Key", List.of(), false));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSettings(Scheme.API_KEY, "X-Key", List.of("has space"), false));
        assertThrows(IllegalArgumentException.class, () -> new Credentials(List.of()));
        assertTrue(AuthSettings.isValidToken("!~"));
        assertFalse(AuthSettings.isValidToken(""));
        assertFalse(AuthSettings.isValidToken("caf\u00e9"));
        assertFalse(AuthSettings.isValidToken("tab\there"));
    }

    // ---- property: matching is exact set membership

    @Provide
    Arbitrary<List<String>> tokenSets() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> guesses() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(13), Arbitraries.strings().ofMaxLength(5),
                Arbitraries.of("a", "ab", "abc", "abcd"));
    }

    @Property(tries = 1000)
    void aCredentialMatchesExactlyWhenItIsOneOfTheTokens(@ForAll("tokenSets") List<String> tokens,
                                                         @ForAll("guesses") String guess) {
        Credentials credentials = new Credentials(tokens);
        assertEquals(Set.copyOf(tokens).contains(guess), credentials.matches(guess), guess + " in " + tokens.size());
        for (String t : tokens) {
            assertTrue(credentials.matches(t));
        }
    }
}
