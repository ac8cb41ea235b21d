package io.flowstate.core.http1;

/**
 * A request the proxy refuses to process: the status to answer, a machine-readable reason
 * and a message for logs. The engine answers with {@link #status()} and closes the
 * connection (RFC 9112 9.6: after a framing error the rest of the stream cannot be trusted).
 *
 * <p>Statuses: 400 (malformed), 431 (header section or trailers too large), 501 (a transfer
 * coding we do not implement), 505 (an HTTP version other than 1.0 and 1.1).
 *
 * <p>Reasons ({@code snake_case}, stable: engines put them into the error body and metrics):
 * <ul>
 *   <li>head: {@code header_too_large} (431), {@code too_many_fields} (431),
 *       {@code incomplete_head}, {@code bare_cr}</li>
 *   <li>request line: {@code invalid_request_line}, {@code invalid_method},
 *       {@code invalid_target}, {@code invalid_version}, {@code unsupported_version} (505)</li>
 *   <li>field lines: {@code whitespace_after_request_line}, {@code obs_fold},
 *       {@code invalid_field_name}, {@code whitespace_before_colon}, {@code missing_colon},
 *       {@code invalid_field_value}</li>
 *   <li>Host: {@code missing_host}, {@code duplicate_host}, {@code invalid_host}</li>
 *   <li>framing: {@code invalid_content_length}, {@code conflicting_content_length},
 *       {@code content_length_overflow}, {@code transfer_encoding_with_content_length},
 *       {@code transfer_encoding_in_http10}, {@code invalid_transfer_encoding},
 *       {@code unsupported_transfer_coding} (501)</li>
 *   <li>chunked body: {@code invalid_chunk_size}, {@code chunk_size_overflow},
 *       {@code invalid_chunk_extension}, {@code chunk_line_too_long},
 *       {@code missing_chunk_crlf}, {@code trailers_too_large} (431), and the field-line
 *       reasons above for trailer fields</li>
 * </ul>
 *
 * <p>The exception carries no stack trace: a rejected request is an ordinary outcome of
 * reading hostile or broken input, not a bug, and filling a trace per request costs.
 */
public final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;

    /**
     * @param status the status to answer, 400..599
     * @param reason machine-readable, {@code snake_case}
     * @param message human-readable detail for logs; never echoed into a response verbatim
     */
    public BadRequestException(int status, String reason, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
        this.status = status;
        this.reason = reason;
    }

    /** A 400 Bad Request. */
    static BadRequestException badRequest(String reason, String message) {
        return new BadRequestException(400, reason, message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "BadRequestException: " + status + " " + reason + ": " + getMessage();
    }
}
