package io.flowstate.core.http1;

import java.nio.charset.StandardCharsets;

/**
 * Status lines ({@code HTTP/1.1 200 OK\r\n}, RFC 9112 4) as bytes, made once for every
 * status 100..599 and shared, with the reason phrases of RFC 9110 15 (a reason phrase is
 * advisory, RFC 9112 4: clients ignore it; an unregistered status gets none).
 */
public final class StatusLines {
    private static final byte[][] LINES = new byte[600][];

    static {
        for (int status = 100; status < 600; status++) {
            LINES[status] = ("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private StatusLines() {
    }

    /** The status line of {@code status}; shared, so the caller must not change it. */
    public static byte[] of(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is outside 100..599 (RFC 9110 15)");
        }
        return LINES[status];
    }

    /** The reason phrase RFC 9110 15 gives {@code status}, or the empty string. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 499 -> "Client Closed Request";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
