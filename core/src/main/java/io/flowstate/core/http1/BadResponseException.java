package io.flowstate.core.http1;

/**
 * A backend response head the proxy refuses to relay: a machine-readable reason and a
 * message for logs. There is no status to carry: the proxy answers every one of them with
 * 502 {@code upstream_protocol_error} (RFC 9112 6.3 item 5: a proxy that receives a response
 * with invalid framing MUST close the connection to the server, discard the response and
 * send 502) and closes the backend connection, whose stream can no longer be trusted
 * (RFC 9112 9.6).
 *
 * <p>Reasons ({@code snake_case}, stable: engines put them into logs and metrics; where a
 * rule is shared with the request side the name is the same as in
 * {@link BadRequestException}):
 * <ul>
 *   <li>head: {@code header_too_large}, {@code too_many_fields}, {@code incomplete_head},
 *       {@code bare_cr}</li>
 *   <li>status line: {@code invalid_status_line}, {@code invalid_version},
 *       {@code unsupported_version}, {@code invalid_status}, {@code invalid_reason_phrase}</li>
 *   <li>interim: {@code upgrade_not_supported} (a 101), {@code unexpected_interim} (a 1xx
 *       other than 100 and 103, see {@link Http1Interim})</li>
 *   <li>field lines: {@code whitespace_after_status_line}, {@code obs_fold},
 *       {@code invalid_field_name}, {@code whitespace_before_colon}, {@code missing_colon},
 *       {@code invalid_field_value}</li>
 *   <li>framing: {@code invalid_content_length}, {@code conflicting_content_length},
 *       {@code content_length_overflow}, {@code transfer_encoding_with_content_length},
 *       {@code transfer_encoding_in_http10}, {@code invalid_transfer_encoding},
 *       {@code unsupported_transfer_coding}</li>
 * </ul>
 *
 * <p>Not a {@link BadRequestException}: that one carries the status to answer the client
 * with, and an engine that catches it answers the client for a client's fault; a response
 * error is the backend's fault and is answered differently, so the two are never caught by
 * one clause by accident.
 *
 * <p>The exception carries no stack trace: a refused response is an ordinary outcome of
 * reading a broken backend, not a bug in the proxy.
 */
public final class BadResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param reason machine-readable, {@code snake_case}
     * @param message human-readable detail for logs; never echoed into a response verbatim
     */
    public BadResponseException(String reason, String message) {
        super(message, null, false, false);
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
        this.reason = reason;
    }

    /** The same rule broken by a response: its reason, renamed where it names the request line. */
    static BadResponseException of(BadRequestException e) {
        String reason = e.reason().equals("whitespace_after_request_line")
                ? "whitespace_after_status_line" : e.reason();
        String message = e.getMessage().replace("request line", "status line");
        return new BadResponseException(reason, message);
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "BadResponseException: " + reason + ": " + getMessage();
    }
}
