package io.flowstate.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The options of an {@code auth} filter. JSON:
 * {@code {"type": "auth", "scheme": "bearer", "tokens": ["..."]}} or
 * {@code {"type": "auth", "scheme": "apiKey", "header": "X-Api-Key", "tokensFile": "keys.txt", "strip": true}}.
 *
 * <p>{@link #toString()} never shows the tokens, only how many there are.
 *
 * @param scheme where a request carries its credential; required
 * @param header the request field that carries it: {@value #AUTHORIZATION} for {@link Scheme#BEARER};
 *               for {@link Scheme#API_KEY} the {@code "header"} option, default {@value #DEFAULT_API_KEY_HEADER}
 * @param tokens the credentials accepted, at least one, each {@linkplain #isValidToken valid}; from
 *               {@code "tokens"}, or read from {@code "tokensFile"} when the config was loaded
 * @param strip  remove {@code header} from the request sent upstream once the credential is accepted;
 *               default false (the backend sees it)
 */
public record AuthSettings(Scheme scheme, String header, List<String> tokens, boolean strip) implements FilterSettings {

    public static final String AUTHORIZATION = "Authorization";
    public static final String DEFAULT_API_KEY_HEADER = "X-Api-Key";

    /** Where a request carries its credential. */
    public enum Scheme {
        /** {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). JSON {@code "bearer"}. */
        BEARER("bearer"),
        /** The whole value of a request field of its own. JSON {@code "apiKey"}. */
        API_KEY("apiKey");

        private final String configName;

        Scheme(String configName) {
            this.configName = configName;
        }

        /** The name the config uses. */
        public String configName() {
            return configName;
        }

        /** The scheme the config calls {@code name}, or null. */
        public static Scheme byConfigName(String name) {
            for (Scheme s : values()) {
                if (s.configName.equals(name)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return configName;
        }
    }

    public AuthSettings {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(header, "header");
        tokens = List.copyOf(tokens);
        if (!Names.isToken(header)) {
            throw new IllegalArgumentException("not a field name (RFC 9110 5.1): " + header);
        }
        if (scheme == Scheme.BEARER && !header.equals(AUTHORIZATION)) {
            throw new IllegalArgumentException("bearer credentials are in " + AUTHORIZATION + ", not " + header);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token is needed");
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!isValidToken(tokens.get(i))) {
                throw new IllegalArgumentException("token " + i + " is not 1 or more visible ASCII characters");
            }
        }
    }

    /**
     * Whether {@code token} can be a credential: one or more visible ASCII characters (U+0021 to
     * U+007E), so no spaces, which would not survive in a field value, and nothing a client
     * would have to encode. Every RFC 6750 b64token is one.
     */
    public static boolean isValidToken(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The settings without the tokens, which are shown only by count. */
    @Override
    public String toString() {
        return "AuthSettings[scheme=" + scheme + ", header=" + header + ", tokens=" + tokens.size()
                + " (not shown), strip=" + strip + "]";
    }
}
