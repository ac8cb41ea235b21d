package io.flowstate.core.json;

/**
 * A JSON text broke RFC 8259 (or one of {@link Json#parse}'s stricter rules). The message is the
 * reason followed by the position, e.g. {@code expected ',' or '}', found '"' at 3:14}.
 */
public final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;
    private final int column;

    public JsonSyntaxException(String reason, int line, int column) {
        super(reason + " at " + line + ":" + column);
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    /** 1-based line of the offending char (or of the end of input). */
    public int line() {
        return line;
    }

    /** 1-based column of the offending char, counted in UTF-16 chars. */
    public int column() {
        return column;
    }
}
