package io.flowstate.core.config;

import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code "admin"}: an address, or an object with {@code listen} and a token. */
final class AdminReader {
    private static final List<String> KEYS = List.of("listen", "token", "tokenFile");
    /** Shorter tokens are guessable; the loader refuses them. */
    static final int MIN_TOKEN_CHARS = 16;

    private final Problems problems;
    private final Path baseDir;

    /** @param baseDir where a relative {@code tokenFile} is resolved: the config file's directory */
    AdminReader(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    AdminConfig read(JsonValue value, String path) {
        if (value instanceof JsonString s) {
            InetSocketAddress listen = address(s.value(), value, path);
            return listen == null ? null : checked(listen, null, value, path);
        }
        if (!(value instanceof io.flowstate.core.json.JsonObject)) {
            problems.at(value, path, Fields.wrongType("an address or an object", value));
            return null;
        }
        Fields f = Fields.of(value, path, problems, KEYS);
        int before = problems.count();
        InetSocketAddress listen = null;
        if (f.require("listen")) {
            String s = f.string("listen");
            listen = s == null ? null : address(s, f.get("listen"), f.path("listen"));
        }
        if (f.has("token") && f.has("tokenFile")) {
            problems.at(f.get("tokenFile"), f.path("tokenFile"), "give \"token\" or \"tokenFile\", not both");
        }
        String token = f.has("token") ? token(f.string("token"), f.get("token"), f.path("token")) : null;
        if (f.has("tokenFile")) {
            token = tokenFile(f);
        }
        if (problems.count() != before || listen == null) {
            return null;
        }
        return checked(listen, token, f.object(), path);
    }

    private AdminConfig checked(InetSocketAddress listen, String token, JsonValue at, String path) {
        if (token == null && !AdminConfig.isLoopback(listen)) {
            problems.at(at, path, "an admin listener on a non-loopback address needs a \"token\" or \"tokenFile\"");
            return null;
        }
        return new AdminConfig(listen, token);
    }

    private InetSocketAddress address(String s, JsonValue at, String path) {
        try {
            return Addresses.resolve(Addresses.hostPort(s, 0));
        } catch (IllegalArgumentException e) {
            problems.at(at, path, e.getMessage());
            return null;
        }
    }

    private String token(String token, JsonValue at, String path) {
        if (token == null) {
            return null;
        }
        if (token.length() < MIN_TOKEN_CHARS || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            problems.at(at, path, "must be at least " + MIN_TOKEN_CHARS + " visible ASCII characters");
            return null;
        }
        return token;
    }

    private String tokenFile(Fields f) {
        ConfigFile named = ConfigFile.of(f, "tokenFile", baseDir, problems, "must not be empty");
        List<String> lines = named == null ? null : named.readLines(f, "tokenFile", problems);
        return lines == null ? null : token(String.join("\n", lines).strip(), f.get("tokenFile"), f.path("tokenFile"));
    }
}
