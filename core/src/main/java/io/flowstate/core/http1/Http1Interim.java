package io.flowstate.core.http1;

/**
 * What the proxy does with an interim (1xx) response from a backend (RFC 9110 15.2).
 *
 * <ul>
 *   <li>100 (Continue): the backend may take the body; the ingress has answered the
 *       client's own expectation, so it is dropped (RFC 9110 10.1.1, 15.2.1);</li>
 *   <li>103 (Early Hints, RFC 8297): informational; relayed where the engine can, dropped
 *       otherwise (a client must be able to do without it);</li>
 *   <li>101 (Switching Protocols): the proxy does not relay protocol upgrades, so the
 *       connection cannot follow the backend into another protocol: 502
 *       {@code upstream_protocol_error}, and the client connection closes
 *       (RFC 9110 7.8, 15.2.2);</li>
 *   <li>any other 1xx (102 Processing, 104, ...): not expected here, treated as 101.</li>
 * </ul>
 *
 * Engines whose client library reads 1xx itself apply this where the library shows them.
 */
public final class Http1Interim {

    private Http1Interim() {
    }

    /** Whether an interim status may be dropped or relayed and the final response awaited. */
    public static boolean relayable(int status) {
        return status >= 200 || status == 100 || status == 103;
    }
}
