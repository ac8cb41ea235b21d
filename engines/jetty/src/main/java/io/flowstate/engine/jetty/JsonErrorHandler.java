package io.flowstate.engine.jetty;

import io.flowstate.core.proxy.ProxyErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the errors Jetty makes itself (a head its parser refuses before any handler
 * runs: bad syntax, a head over the size limit) in the core's error shape, with the
 * core's reason names, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message,
                                    Throwable cause, Callback callback) {
        if (code == 426) {
            // Jetty's word for a version other than HTTP/1.x; RFC 9110 15.6.6 has 505.
            code = 505;
            response.setStatus(code);
        }
        String reason = reasonFor(code, message);
        byte[] body = ProxyErrors.body(code, reason, null).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.DATE, io.flowstate.core.http1.HttpDate.text());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (code >= 400 && code < 500) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");   // RFC 9112 9.6
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The core's reason for a refusal of Jetty's parser, from its status and message (the
     * names match {@code io.flowstate.core.http1}); {@code bad_request} when Jetty's words
     * match none.
     */
    static String reasonFor(int code, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (code == 431) {
            return m.contains("trailer") ? "trailers_too_large" : "header_too_large";
        }
        if (code == 413) {
            return "body_too_large";
        }
        if (code == 505 || m.contains("version")) {
            return "unsupported_version";
        }
        if (code == 501) {
            return "unsupported_transfer_coding";
        }
        for (String[] rule : RULES) {
            if (m.contains(rule[0])) {
                return rule[1];
            }
        }
        return "bad_request";
    }

    /** Fragments of Jetty's messages, most specific first, and the core's name for each. */
    private static final String[][] RULES = {
            {"transfer-encoding and content-length", "transfer_encoding_with_content_length"},
            {"multiple content-length", "conflicting_content_length"},
            {"content-length", "invalid_content_length"},
            {"transfer-encoding", "invalid_transfer_encoding"},
            {"chunk", "invalid_chunk_size"},
            {"early eof", "invalid_chunked_body"},
            {"folding", "obs_fold"},
            {"duplicate host", "duplicate_host"},
            {"no host", "missing_host"},
            {"host", "invalid_host"},
            {"bad eol", "bare_cr"},
            {"illegal character eol", "missing_colon"},
            {"illegal character cntl", "invalid_character"},
            {"illegal character", "invalid_field_name"},
            {"method", "invalid_method"},
            {"uri", "invalid_target"},
    };
}
