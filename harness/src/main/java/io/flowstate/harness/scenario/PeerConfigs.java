package io.flowstate.harness.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * nginx and HAProxy configs generated from a scenario, so the reference rows proxy to the
 * same backends with the nearest equivalent of each FlowState balancer, doing the work a
 * FlowState row does ({@link EqualWork}): the same forwarding fields, connections to the
 * backends kept alive when FlowState keeps them (with as many idle ones), and no access log
 * unless FlowState writes one.
 */
final class PeerConfigs {
    private PeerConfigs() {
    }

    /** nginx's nearest equivalent of a FlowState balancer, as an upstream directive (empty: nginx's default). */
    static String nginxAlgorithm(String balancer) {
        return switch (balancer) {
            case "wrr" -> "";                                  // nginx's own smooth WRR: the same algorithm
            case "least-loaded" -> "least_conn";
            default -> "random two least_conn";                // p2c; p2c-ewma's latency term has no open-source nginx equal
        };
    }

    static String nginxLabel(String balancer) {
        String a = nginxAlgorithm(balancer);
        return a.isEmpty() ? "round_robin" : a;
    }

    /** HAProxy's nearest equivalent, as a {@code balance} argument. */
    static String haproxyAlgorithm(String balancer) {
        return switch (balancer) {
            case "wrr" -> "roundrobin";
            case "least-loaded" -> "leastconn";
            default -> "random(2)";                            // power of two choices over in-flight requests
        };
    }

    /**
     * @param workers {@code worker_processes}: the CPUs the proxy is pinned to, or 0 for {@code auto}
     *                (which counts the machine's CPUs, not the ones it may use)
     * @param work    what the FlowState rows do: upstream keep-alive (nginx's {@code keepalive}
     *                holds idle connections per worker for the whole upstream, so it gets
     *                {@code idlePerBackend} times the backends), the access log
     */
    static String nginx(Path dir, int port, String balancer, List<InetSocketAddress> backends,
                        Map<String, Integer> weights, List<String> names, int workers, EqualWork work) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            InetSocketAddress b = backends.get(i);
            servers.append("        server 127.0.0.1:").append(b.getPort())
                    .append(" weight=").append(weights.getOrDefault(names.get(i), 1)).append(";\n");
        }
        String algorithm = nginxAlgorithm(balancer);
        String keepAlive = work.upstreamKeepAlive() && work.idlePerBackend() > 0
                ? "        keepalive " + work.idlePerBackend() * backends.size() + ";\n" : "";
        String connection = keepAlive.isEmpty() ? "close" : "";
        String accessLog = work.accessLog() ? dir + "/access.log" : "off";
        return """
                worker_processes %5$s;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                http {
                    # an access log only when the FlowState rows write one (equal work)
                    access_log %7$s;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream bench {
                %2$s%3$s%6$s    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / {
                            proxy_pass http://bench;
                            proxy_http_version 1.1;
                            # "" keeps backend connections alive (the upstream's keepalive); "close" as FlowState with keepAlive false
                            proxy_set_header Connection "%8$s";
                            proxy_set_header Host $host;
                            # the forwarding fields FlowState sets on every request (equal work)
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Host $host;
                        }
                    }
                }
                """.formatted(dir, algorithm.isEmpty() ? "" : "        " + algorithm + ";\n", servers, port,
                workers > 0 ? Integer.toString(workers) : "auto", keepAlive, accessLog, connection);
    }

    /**
     * @param threads {@code nbthread}: the CPUs the proxy is pinned to, or 0 for the machine's CPUs
     * @param work    what the FlowState rows do: upstream keep-alive ({@code http-keep-alive} and
     *                {@code pool-max-conn} idle connections per server, or {@code http-server-close}),
     *                the access log (to HAProxy's output, which goes to its log file)
     */
    static String haproxy(int port, String balancer, List<InetSocketAddress> backends,
                          Map<String, Integer> weights, List<String> names, int threads, EqualWork work) {
        boolean keepAlive = work.upstreamKeepAlive() && work.idlePerBackend() > 0;
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            servers.append("    server ").append(names.get(i)).append(" 127.0.0.1:").append(backends.get(i).getPort())
                    .append(" weight ").append(weights.getOrDefault(names.get(i), 1))
                    .append(keepAlive ? " pool-max-conn " + work.idlePerBackend() : "").append("\n");
        }
        return """
                global
                    maxconn 8000
                    nbthread %4$d
                %5$sdefaults
                    mode http
                %6$s    option %7$s
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend bench
                    bind 127.0.0.1:%1$d
                    # the forwarding fields FlowState sets on every request (equal work)
                    option forwardfor
                    http-request set-header X-Forwarded-Proto http
                    http-request set-header X-Forwarded-Host %%[req.hdr(host)]
                    default_backend pool
                backend pool
                    balance %2$s
                %3$s""".formatted(port, haproxyAlgorithm(balancer), servers,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                work.accessLog() ? "    log stdout format raw local0\n" : "",
                work.accessLog() ? "    log global\n    option httplog\n" : "",
                keepAlive ? "http-keep-alive" : "http-server-close");
    }
}
