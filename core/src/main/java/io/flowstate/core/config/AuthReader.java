package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the options of an {@code auth} filter into {@link AuthSettings}, reading the token
 * file, if one is named, at once. No message it makes quotes a token.
 */
final class AuthReader {
    private static final String TOKEN_RULE = "a token must be 1 or more visible ASCII characters, without spaces";

    private AuthReader() {
    }

    /** The settings, or null with problems recorded. */
    static FilterSettings read(Fields f, Problems problems, Path baseDir) {
        int before = problems.count();
        AuthSettings.Scheme scheme = f.require("scheme") ? scheme(f, problems) : null;
        String header = header(f, scheme, problems);
        Boolean strip = f.bool("strip");
        List<String> tokens = tokens(f, problems, baseDir);
        if (problems.count() != before || scheme == null || header == null || tokens == null) {
            return null;
        }
        return new AuthSettings(scheme, header, tokens, Boolean.TRUE.equals(strip));
    }

    private static AuthSettings.Scheme scheme(Fields f, Problems problems) {
        String s = f.string("scheme");
        if (s == null) {
            return null;
        }
        AuthSettings.Scheme scheme = AuthSettings.Scheme.byConfigName(s);
        if (scheme == null) {
            problems.at(f.get("scheme"), f.path("scheme"), "must be \"bearer\" or \"apiKey\", found " + Json.quote(s));
        }
        return scheme;
    }

    private static String header(Fields f, AuthSettings.Scheme scheme, Problems problems) {
        if (!f.has("header")) {
            return scheme == AuthSettings.Scheme.BEARER ? AuthSettings.AUTHORIZATION : AuthSettings.DEFAULT_API_KEY_HEADER;
        }
        String header = f.string("header");
        if (header == null) {
            return null;
        }
        String problem = null;
        if (scheme == AuthSettings.Scheme.BEARER) {
            problem = "applies only to \"scheme\": \"apiKey\"; bearer tokens are always read from Authorization";
        } else if (!Names.isToken(header)) {
            problem = Json.quote(header) + " is not a field name (RFC 9110 5.1)";
        }
        if (problem != null) {
            problems.at(f.get("header"), f.path("header"), problem);
            return null;
        }
        return header;
    }

    private static List<String> tokens(Fields f, Problems problems, Path baseDir) {
        if (f.has("tokens") && f.has("tokensFile")) {
            problems.at(f.get("tokensFile"), f.path("tokensFile"), "give \"tokens\" or \"tokensFile\", not both");
            return null;
        }
        if (f.has("tokens")) {
            return inline(f, problems);
        }
        if (f.has("tokensFile")) {
            return fromFile(f, problems, baseDir);
        }
        problems.at(f.object(), f.path("tokens"), "missing required key \"tokens\" or \"tokensFile\"");
        return null;
    }

    private static List<String> inline(Fields f, Problems problems) {
        JsonArray array = f.array("tokens");
        if (array == null) {
            return null;
        }
        if (array.size() == 0) {
            problems.at(array, f.path("tokens"), "must list at least one token");
            return null;
        }
        int before = problems.count();
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonValue v = array.get(i);
            String path = Paths.index(f.path("tokens"), i);
            String token = Fields.string(v, path, problems);
            if (token != null && !AuthSettings.isValidToken(token)) {
                problems.at(v, path, TOKEN_RULE);
            }
            out.add(token);
        }
        return problems.count() == before ? out : null;
    }

    /**
     * The tokens of a file: one per line, leading and trailing whitespace ignored, blank lines
     * and lines starting with {@code #} skipped. UTF-8, an initial byte order mark skipped.
     */
    private static List<String> fromFile(Fields f, Problems problems, Path baseDir) {
        ConfigFile named = ConfigFile.of(f, "tokensFile", baseDir, problems, "must not be empty");
        List<String> lines = named == null ? null : named.readLines(f, "tokensFile", problems);
        if (lines == null) {
            return null;
        }
        JsonValue at = f.get("tokensFile");
        String path = f.path("tokensFile");
        String name = named.written();
        String shown = named.shown();
        List<String> out = new ArrayList<>();
        int before = problems.count();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            String token = line.strip();
            if (token.isEmpty() || token.startsWith("#")) {
                continue;
            }
            if (!AuthSettings.isValidToken(token)) {
                problems.at(at, path, "line " + (i + 1) + " of " + Json.quote(name) + ": " + TOKEN_RULE);
                continue;
            }
            out.add(token);
        }
        if (problems.count() != before) {
            return null;
        }
        if (out.isEmpty()) {
            problems.at(at, path, shown + " holds no tokens (blank lines and # comments are skipped)");
            return null;
        }
        return out;
    }
}
