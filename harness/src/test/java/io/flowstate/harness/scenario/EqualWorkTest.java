package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowstate.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peers do a FlowState row's work: keep-alive and idle pool as FlowState's, an access log only with FlowState's. */
class EqualWorkTest {
    private static final List<String> NAMES = List.of("b1", "b2");
    private static final List<InetSocketAddress> BACKENDS = List.of(
            new InetSocketAddress("127.0.0.1", 9001), new InetSocketAddress("127.0.0.1", 9002));

    private static Scenario scenario(String proxy) throws Exception {
        return Scenario.parse(Json.parse("""
                { "name": "t", "backends": [ { "name": "b1" }, { "name": "b2" } ], "loads": [ { "connections": 1 } ],
                  "proxy": %s,
                  "variants": [ { "name": "default" },
                                { "name": "closing", "proxy": { "transport": { "keepAlive": false } } } ] }
                """.formatted(proxy)));
    }

    @Test
    void byDefaultEveryoneKeepsBackendConnectionsAliveAndNobodyLogs() throws Exception {
        Scenario s = scenario("{}");
        EqualWork w = FlowStateConfigs.work(s, s.variants().get(0));
        assertEquals(new EqualWork(true, 64, false, List.of()), w);

        String flowstate = FlowStateConfigs.write(s, s.variants().get(0), "nio", "wrr", 8080, 9901, NAMES, BACKENDS);
        assertTrue(flowstate.contains("\"admin\":\"127.0.0.1:9901\""), "an admin listener for the scrapes: " + flowstate);
        assertTrue(flowstate.contains("\"keepAlive\":true") && flowstate.contains("\"maxIdlePerBackend\":64"),
                "the FlowState config says what the peers get: " + flowstate);
        String nginx = PeerConfigs.nginx(Path.of("/tmp/x"), 8080, "wrr", BACKENDS, s.weights(), NAMES, 1, w);
        assertTrue(nginx.contains("keepalive 128;"), "64 idle per backend, two backends, one upstream: " + nginx);
        assertTrue(nginx.contains("proxy_set_header Connection \"\";"), nginx);
        assertTrue(nginx.contains("access_log off;"), nginx);
        assertTrue(nginx.contains("worker_processes 1;"), nginx);
        String haproxy = PeerConfigs.haproxy(8080, "wrr", BACKENDS, s.weights(), NAMES, 1, w);
        assertTrue(haproxy.contains("option http-keep-alive"), haproxy);
        assertTrue(haproxy.contains("pool-max-conn 64"), haproxy);
        assertFalse(haproxy.contains("log "), "no access log: " + haproxy);
        assertTrue(haproxy.contains("nbthread 1"), haproxy);
    }

    @Test
    void whenFlowStateClosesBackendConnectionsThePeersCloseThemToo() throws Exception {
        Scenario s = scenario("{}");
        EqualWork w = FlowStateConfigs.work(s, s.variants().get(1));
        assertFalse(w.upstreamKeepAlive());
        String nginx = PeerConfigs.nginx(Path.of("/tmp/x"), 8080, "wrr", BACKENDS, s.weights(), NAMES, 0, w);
        assertFalse(nginx.contains("keepalive "), nginx);
        assertTrue(nginx.contains("proxy_set_header Connection \"close\";"), nginx);
        assertTrue(nginx.contains("worker_processes auto;"), "unpinned: " + nginx);
        String haproxy = PeerConfigs.haproxy(8080, "wrr", BACKENDS, s.weights(), NAMES, 1, w);
        assertTrue(haproxy.contains("option http-server-close"), haproxy);
        assertFalse(haproxy.contains("pool-max-conn"), haproxy);
    }

    @Test
    void anAccessLogAndAnIdlePoolSizeInTheScenarioReachThePeers() throws Exception {
        Scenario s = scenario("""
                { "transport": { "maxIdlePerBackend": 4 },
                  "filters": [ { "type": "requestId" }, { "type": "accessLog" }, { "type": "recovery", "disabled": true } ] }""");
        EqualWork w = FlowStateConfigs.work(s, s.variants().get(0));
        assertEquals(new EqualWork(true, 4, true, List.of("requestId")), w);
        String nginx = PeerConfigs.nginx(Path.of("/tmp/x"), 8080, "wrr", BACKENDS, s.weights(), NAMES, 1, w);
        assertTrue(nginx.contains("keepalive 8;") && nginx.contains("access_log /tmp/x/access.log;"), nginx);
        String haproxy = PeerConfigs.haproxy(8080, "wrr", BACKENDS, s.weights(), NAMES, 1, w);
        assertTrue(haproxy.contains("pool-max-conn 4") && haproxy.contains("option httplog"), haproxy);
    }

    @Test
    void nginxAndHaproxyAcceptTheGeneratedConfigs(@TempDir Path dir) throws Exception {
        Scenario s = scenario("{ \"filters\": [ { \"type\": \"accessLog\" } ] }");
        for (Scenario.Variant v : s.variants()) {
            EqualWork w = FlowStateConfigs.work(s, v);
            Path nginx = Peers.find("nginx").orElse(null);
            if (nginx != null) {
                Path d = Files.createDirectories(dir.resolve("nginx-" + v.name()));
                Path conf = d.resolve("nginx.conf");
                Files.writeString(conf, PeerConfigs.nginx(d, 18080, "least-loaded", BACKENDS, s.weights(), NAMES, 1, w));
                check(List.of(nginx.toString(), "-t", "-q", "-p", d.toString(), "-c", conf.toString()));
            }
            Path haproxy = Peers.find("haproxy").orElse(null);
            if (haproxy != null) {
                Path cfg = dir.resolve("haproxy-" + v.name() + ".cfg");
                Files.writeString(cfg, PeerConfigs.haproxy(18080, "p2c", BACKENDS, s.weights(), NAMES, 1, w));
                check(List.of(haproxy.toString(), "-c", "-q", "-f", cfg.toString()));
            }
            assumeTrue(nginx != null || haproxy != null, "neither nginx nor haproxy is installed");
        }
    }

    private static void check(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "did not finish: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " refused the config:\n" + out);
    }

    @Test
    void weightsReachThePeers() throws Exception {
        Scenario s = Scenario.parse(Json.parse("""
                { "name": "t", "backends": [ { "name": "b1", "weight": 5 }, { "name": "b2" } ],
                  "loads": [ { "connections": 1 } ] }"""));
        EqualWork w = FlowStateConfigs.work(s, s.variants().get(0));
        assertTrue(PeerConfigs.nginx(Path.of("/tmp/x"), 1, "wrr", BACKENDS, s.weights(), NAMES, 1, w)
                .contains("server 127.0.0.1:9001 weight=5;"));
        assertTrue(PeerConfigs.haproxy(1, "wrr", BACKENDS, Map.of("b1", 5), NAMES, 1, w)
                .contains("server b1 127.0.0.1:9001 weight 5"));
    }
}
