package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each balancer strategy through the real proxy: three loopback backends that answer with
 * their own name ({@code X-Backend}), one client sending requests one after another, and
 * the names counted. The exact behaviour of each strategy is unit-tested in the balancers
 * module; this checks that the pool's {@code "balancer"} reaches the proxy path and that
 * the load the path feeds back makes each strategy behave as documented.
 *
 * <p>Bounds for the random strategies are wide (a fair share is 100 of 300, one standard
 * deviation about 8): a wrong strategy fails them, a right one does not.
 */
class BalancerDistributionTest {

    private static final int REQUESTS = 300;
    private static final double LOW = 0.20;
    private static final double HIGH = 0.47;
    /** How long the slow backend takes to answer in the p2c-ewma test: far above loopback latency. */
    private static final long SLOW_MILLIS = 200;

    /**
     * A backend that answers 200 with its name in the body and in X-Backend. The response
     * goes out in one write: head and body in two small writes would wait on Nagle and
     * delayed ACKs, tens of milliseconds per request.
     */
    private static Backend named(String name) throws Exception {
        return Backend.start(call -> answer(call, name));
    }

    private static Backend slow(String name) throws Exception {
        return Backend.start(call -> {
            Thread.sleep(SLOW_MILLIS);                        // the backend is slow: that is what is tested
            answer(call, name);
        });
    }

    private static void answer(Backend.Call call, String name) throws Exception {
        call.body();
        call.write("HTTP/1.1 200 OK\r\nX-Backend: " + name + "\r\nContent-Length: " + name.length() + "\r\n\r\n" + name);
    }

    private static String pools(String balancer, Backend... backends) {
        StringBuilder sb = new StringBuilder("{ \"main\": { \"balancer\": ").append(balancer).append(", \"backends\": [");
        for (int i = 0; i < backends.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("{ \"url\": \"").append(backends[i].url()).append("\" }");
        }
        return sb.append("] } }").toString();
    }

    private static String weighted(String balancer, Map<Backend, Integer> weights) {
        StringBuilder sb = new StringBuilder("{ \"main\": { \"balancer\": ").append(balancer).append(", \"backends\": [");
        String sep = "";
        for (Map.Entry<Backend, Integer> e : weights.entrySet()) {
            sb.append(sep).append("{ \"url\": \"").append(e.getKey().url()).append("\", \"weight\": ").append(e.getValue()).append(" }");
            sep = ", ";
        }
        return sb.append("] } }").toString();
    }

    /** Sends {@code n} GETs one after another on one connection; the X-Backend of each, in order. */
    private static List<String> send(Proxy proxy, int n) throws Exception {
        try (Client client = proxy.client()) {
            String[] seen = new String[n];
            for (int i = 0; i < n; i++) {
                Client.Reply reply = client.get("/r" + i);
                assertEquals(200, reply.status(), reply.text());
                seen[i] = reply.header("X-Backend");
                assertEquals(seen[i], reply.text());
            }
            return List.of(seen);
        }
    }

    private static Map<String, Integer> count(List<String> names) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String n : List.of("a", "b", "c")) {
            counts.put(n, 0);
        }
        names.forEach(n -> counts.merge(n, 1, Integer::sum));
        return counts;
    }

    private static void assertShareBetween(double low, double high, Map<String, Integer> counts, String name) {
        double share = (double) counts.get(name) / counts.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(share >= low && share <= high, name + " got " + share + ", expected " + low + " to " + high + ": " + counts);
    }

    @EngineTest
    void wrrFollowsNginxsSmoothSequence(Engine engine) throws Exception {
        try (Backend a = named("a"); Backend b = named("b"); Backend c = named("c");
             Proxy proxy = Proxy.on(engine).pools(weighted("\"wrr\"", weights(a, 3, b, 2, c, 1))).start()) {
            List<String> seen = send(proxy, 60);
            assertEquals("abacba".repeat(2), String.join("", seen.subList(0, 12)));
            assertEquals(Map.of("a", 30, "b", 20, "c", 10), count(seen), "whole cycles give exact shares");
        }
    }

    @EngineTest
    void p2cSpreadsOverEqualBackends(Engine engine) throws Exception {
        try (Backend a = named("a"); Backend b = named("b"); Backend c = named("c");
             Proxy proxy = Proxy.on(engine).pools(pools("{ \"type\": \"p2c\", \"bias\": 1 }", a, b, c)).start()) {
            Map<String, Integer> counts = count(send(proxy, REQUESTS));
            for (String name : counts.keySet()) {
                assertShareBetween(LOW, HIGH, counts, name);
            }
        }
    }

    @EngineTest
    void leastLoadedSpreadsOverEqualBackends(Engine engine) throws Exception {
        try (Backend a = named("a"); Backend b = named("b"); Backend c = named("c");
             Proxy proxy = Proxy.on(engine).pools(pools("\"least-loaded\"", a, b, c)).start()) {
            Map<String, Integer> counts = count(send(proxy, REQUESTS));
            for (String name : counts.keySet()) {
                assertShareBetween(LOW, HIGH, counts, name);
            }
        }
    }

    /**
     * Backend c takes 200 ms, a and b answer at loopback speed. With a short decay (100 ms)
     * c's estimate fades within about half a second, so it is probed again now and then,
     * and each probe finds it slow again: it gets a few requests, a and b the rest.
     */
    @EngineTest
    void p2cEwmaAvoidsTheSlowBackend(Engine engine) throws Exception {
        try (Backend a = named("a"); Backend b = named("b"); Backend c = slow("c");
             Proxy proxy = Proxy.on(engine).pools(pools("{ \"type\": \"p2c-ewma\", \"decay\": \"100ms\" }", a, b, c)).start()) {
            Map<String, Integer> counts = count(send(proxy, 150));
            assertShareBetween(0, 0.10, counts, "c");
            assertShareBetween(LOW, 1, counts, "a");
            assertShareBetween(LOW, 1, counts, "b");
        }
    }

    private static Map<Backend, Integer> weights(Backend a, int wa, Backend b, int wb, Backend c, int wc) {
        Map<Backend, Integer> m = new LinkedHashMap<>();
        m.put(a, wa);
        m.put(b, wb);
        m.put(c, wc);
        return m;
    }
}
