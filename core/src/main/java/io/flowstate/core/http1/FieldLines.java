package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.LF;
import static io.flowstate.core.http1.BadRequestException.badRequest;

import io.flowstate.core.http.HeaderFields;

/**
 * Line splitting and field-line parsing shared by the request head and chunked trailers
 * (RFC 9112 2.2 and 5).
 *
 * <p>A line ends at LF; a CR right before that LF belongs to the line end. A bare LF is a
 * line end too (RFC 9112 2.2: a recipient MAY recognize a single LF as a line terminator).
 * Any other CR is a bare CR and rejects the message (RFC 9112 2.2).
 */
final class FieldLines {

    private FieldLines() {
    }

    /** Index of the LF ending the line that starts at from, or -1 when none before to. */
    static int findLf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** End of the content of the line [from, lf]: before the CR of a CRLF, or at a bare LF. */
    static int contentEnd(byte[] buf, int from, int lf) {
        return lf > from && buf[lf - 1] == CR ? lf - 1 : lf;
    }

    /**
     * Parses field lines from {@code from} up to and including the empty line that ends the
     * section, appending each to {@code out} in order, on {@code buf}'s bytes
     * ({@link HeaderFields#addRaw}): {@code buf} must belong to these fields alone
     * ({@link #ownSection}).
     *
     * @param afterStartLine whether the section follows a request line (changes the reason
     *        for a first line that starts with whitespace)
     * @return the index just past the empty line
     */
    static int parseSection(byte[] buf, int from, int to, HeaderFields out, int maxFields,
                            boolean afterStartLine) throws BadRequestException {
        int p = from;
        boolean first = true;
        while (true) {
            int lf = findLf(buf, p, to);
            if (lf < 0) {
                throw badRequest("incomplete_head", "header section does not end with an empty line");
            }
            int end = contentEnd(buf, p, lf);
            if (end == p) {
                return lf + 1;
            }
            if (out.size() >= maxFields) {
                throw new BadRequestException(431, "too_many_fields",
                        "more than " + maxFields + " header fields");
            }
            parseLine(buf, p, end, out, first && afterStartLine);
            first = false;
            p = lf + 1;
        }
    }

    /**
     * The bytes of a field section, from {@code from} to {@code to}, in an array of their own,
     * for {@link #parseSection}: a parsed head's fields keep a reference to their bytes, and
     * the engine reads the next head into its buffer again. One copy of the section costs
     * less than a String per value, which is what the fields made before.
     */
    static byte[] ownSection(byte[] buf, int from, int to) {
        return java.util.Arrays.copyOfRange(buf, from, to);
    }

    /** Parses one field line, buf[from, end) without its line end, and appends it to out. */
    static void parseLine(byte[] buf, int from, int end, HeaderFields out, boolean firstAfterStartLine)
            throws BadRequestException {
        byte b0 = buf[from];
        if (Ascii.isWhitespace(b0)) {
            if (firstAfterStartLine) {
                // RFC 9112 2.2: whitespace between the start-line and the first field line;
                // we reject rather than silently consume such lines.
                throw badRequest("whitespace_after_request_line",
                        "line after the request line starts with whitespace");
            }
            // RFC 9112 5.2: obs-fold is deprecated; a server MUST reject it (or replace it).
            throw badRequest("obs_fold", "obsolete line folding in a field line");
        }
        int colon = from;
        while (colon < end) {
            byte b = buf[colon];
            if (b == ':') {
                break;
            }
            if (Ascii.isTchar(b)) {
                colon++;
                continue;
            }
            if (b == CR) {
                throw bareCr();
            }
            if (Ascii.isWhitespace(b)) {
                int k = colon;
                while (k < end && Ascii.isWhitespace(buf[k])) {
                    k++;
                }
                if (k < end && buf[k] == ':') {
                    // RFC 9112 5.1: no whitespace is allowed between field name and colon;
                    // a server MUST reject such a request with 400.
                    throw badRequest("whitespace_before_colon", "whitespace between field name and colon");
                }
            }
            // RFC 9110 5.1: field-name = token
            throw badRequest("invalid_field_name", "field name is not a token");
        }
        if (colon == end) {
            throw badRequest("missing_colon", "field line without a colon");
        }
        if (colon == from) {
            // RFC 9110 5.1: a token has at least one tchar
            throw badRequest("invalid_field_name", "empty field name");
        }
        // RFC 9112 5: leading and trailing OWS is not part of the field value
        int vs = colon + 1;
        while (vs < end && Ascii.isWhitespace(buf[vs])) {
            vs++;
        }
        int ve = end;
        while (ve > vs && Ascii.isWhitespace(buf[ve - 1])) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            byte b = buf[i];
            if (!Ascii.isFieldContent(b)) {
                if (b == CR) {
                    throw bareCr();
                }
                // RFC 9110 5.5: CR, LF, NUL and other CTLs are invalid in a field value
                throw badRequest("invalid_field_value", "control character 0x"
                        + Integer.toHexString(b & 0xFF) + " in a field value");
            }
        }
        // The line keeps buf's bytes: every caller hands over an array of this section's own.
        out.addRaw(buf, from, colon - from, vs, ve - vs);
    }

    /** RFC 9112 2.2: a bare CR (not followed by LF) is invalid. */
    static BadRequestException bareCr() {
        return badRequest("bare_cr", "CR not followed by LF");
    }
}
