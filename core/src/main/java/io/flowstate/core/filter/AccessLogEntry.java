package io.flowstate.core.filter;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonOut;
import io.flowstate.core.log.EventLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What the access log keeps of one finished exchange: taken on the request's thread when the
 * exchange finishes (a few field reads, one allocation), turned into its JSON line later on
 * the sink's writer thread ({@link #appendJson}). Holds no header value, so no credential.
 *
 * @param epochMillis   the wall clock when the exchange finished
 * @param requestId     the exchange's request id, or null
 * @param client        the client's socket address
 * @param method        the request method
 * @param host          the request's {@code Host}, or null
 * @param target        the request-target as received (its query is dropped when written)
 * @param route         the route's name, or null when none matched
 * @param backend       {@code host:port} of the backend the last try went to, or null
 * @param status        the final status (499 when the client went away)
 * @param bytesIn       request body bytes read from the client
 * @param bytesOut      response body bytes written to the client
 * @param durationNanos from when the request head was read to the finish
 * @param ttfbNanos     from when the head was read to when the backend's response head arrived, or -1
 * @param retries       tries after the first
 * @param error         the reason of the error response the proxy made, or null
 */
public record AccessLogEntry(long epochMillis, String requestId, InetSocketAddress client, String method, String host,
                             String target, String route, String backend, int status, long bytesIn, long bytesOut,
                             long durationNanos, long ttfbNanos, int retries, String error) {

    /** The entry of {@code exchange}, finished with {@code status} at these instants. */
    public static AccessLogEntry of(Exchange exchange, int status, long epochMillis, long nowNanos) {
        long start = exchange.startNanos();
        long head = exchange.upstreamHeadNanos();
        return new AccessLogEntry(epochMillis, exchange.requestId(), exchange.client(),
                exchange.request().method(), exchange.request().host(), exchange.request().target(),
                exchange.routeName(), exchange.backend(), status, exchange.requestBytes(), exchange.responseBytes(),
                nowNanos - start, head == -1 ? -1 : head - start, Math.max(0, exchange.tries() - 1),
                exchange.errorReason());
    }

    /**
     * Appends the line, without its newline:
     * {@code {"time":...,"requestId":...,"client":...,"method":...,"host":...,"path":...,"route":...,
     * "backend":...,"status":...,"bytesIn":...,"bytesOut":...,"durationMs":...,"ttfbMs":...,
     * "connectMs":null,"retries":...,"error":...}}, every key always present, null when unknown.
     */
    public void appendJson(StringBuilder out) {
        JsonOut json = new JsonOut(out).object()
                .field("time", EventLog.TIME.format(Instant.ofEpochMilli(epochMillis)))
                .field("requestId", requestId)
                .field("client", address(client))
                .field("method", method)
                .field("host", host)
                .field("path", path(target))
                .field("route", route)
                .field("backend", backend)
                .field("status", status)
                .field("bytesIn", bytesIn)
                .field("bytesOut", bytesOut)
                .key("durationMs").raw(millis(durationNanos))
                .key("ttfbMs");
        if (ttfbNanos < 0) {
            json.value((String) null);
        } else {
            json.raw(millis(ttfbNanos));
        }
        json.key("connectMs").value((String) null)             // no engine reports connect time yet
                .field("retries", retries)
                .field("error", error)
                .end();
    }

    /** The line, without its newline. */
    public String json() {
        StringBuilder out = new StringBuilder(320);
        appendJson(out);
        return out.toString();
    }

    /** The IP address alone (no port), or the unresolved host string. */
    static String address(InetSocketAddress client) {
        InetAddress a = client.getAddress();
        return a != null ? a.getHostAddress() : client.getHostString();
    }

    /**
     * The path of a request-target, without its query, so that credentials in a query
     * ({@code ?api_key=...}) are never logged: origin-form {@code /a/b?x} gives {@code /a/b};
     * absolute-form {@code http://h/a?x} gives {@code /a} ({@code /} when it has no path);
     * {@code *} and authority-form are kept as they are.
     */
    static String path(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return target;
            }
            start = scheme + 3;
            while (start < target.length() && "/?#".indexOf(target.charAt(start)) < 0) {
                start++;
            }
            if (start == target.length() || target.charAt(start) != '/') {
                return "/";
            }
        }
        int end = start;
        while (end < target.length() && target.charAt(end) != '?' && target.charAt(end) != '#') {
            end++;
        }
        return start == 0 && end == target.length() ? target : target.substring(start, end);
    }

    /** Milliseconds with three decimals (microsecond resolution), as a JSON number: {@code 12.345}. */
    static JsonNumber millis(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        return new JsonNumber(micros / 1_000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction);
    }
}
