package io.flowstate.core.metrics;

/**
 * The class of an HTTP status code (RFC 9110 section 15), the value of the
 * {@code code_class} label. The proxy path resolves one counter per class ahead of time
 * and picks it by {@link #ordinal()}, so counting a response costs no lookup.
 */
public enum CodeClass {
    INFORMATIONAL("1xx"),
    SUCCESSFUL("2xx"),
    REDIRECTION("3xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx");

    private static final CodeClass[] BY_HUNDREDS = values();

    private final String label;

    CodeClass(String label) {
        this.label = label;
    }

    /** The label value: {@code 1xx} to {@code 5xx}. */
    public String label() {
        return label;
    }

    /**
     * The class of {@code status}; 499 (client went away) is {@link #CLIENT_ERROR}.
     * Total, so that the request path never throws here: a status below 100 counts as
     * 1xx and one above 599 as 5xx (RFC 9110 section 15 makes both invalid).
     */
    public static CodeClass of(int status) {
        int hundreds = status / 100;
        return BY_HUNDREDS[Math.min(Math.max(hundreds, 1), 5) - 1];
    }
}
