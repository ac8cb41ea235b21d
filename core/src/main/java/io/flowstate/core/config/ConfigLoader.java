package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and validates a proxy config (JSON, schema in {@code docs/config.md}).
 *
 * <p>Validation reports every problem it finds, not only the first, each with its JSON path,
 * line and column, sorted by line then column. A JSON syntax error stops parsing and is reported
 * alone, with an empty path. Host names in {@code listen} are resolved while loading; nothing
 * else touches the network. Files a config names (an {@code auth} filter's {@code tokensFile}) are
 * read while loading, relative paths against the config file's directory ({@link #load}) or the
 * given base directory. A config that fails validation yields no {@link ProxyConfig} at all.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Parses and validates a config text; relative file paths in it are resolved against the
     * working directory.
     *
     * @param engines   the engine names this build offers; {@code "engine"} must be one of them
     * @param balancers the balancer names this build offers; each pool's {@code "balancer"} must be one of them
     * @throws ConfigException listing every problem
     */
    public static ProxyConfig parse(String json, Set<String> engines, Set<String> balancers) throws ConfigException {
        return parse(json, engines, balancers, Path.of(""));
    }

    /**
     * Parses and validates a config text as {@link #parse(String, Set, Set)} does, resolving
     * relative file paths in it against {@code baseDir}.
     */
    public static ProxyConfig parse(String json, Set<String> engines, Set<String> balancers, Path baseDir)
            throws ConfigException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(baseDir, "baseDir");
        Set<String> engineNames = Set.copyOf(engines);
        Set<String> balancerNames = Set.copyOf(balancers);
        JsonValue document;
        try {
            document = Json.parse(json);
        } catch (JsonSyntaxException e) {
            throw new ConfigException(List.of(new ConfigError("", e.line(), e.column(), e.reason() + notJsonHint(json))));
        }
        ConfigReader reader = new ConfigReader(engineNames, balancerNames, baseDir);
        ProxyConfig config = reader.read(document);
        if (config == null) {
            throw new ConfigException(reader.problems().sorted());
        }
        return config;
    }

    /**
     * A hint for a text that is not a JSON object at all (YAML, TOML, an empty file): the
     * first thing in it is not an opening brace.
     */
    private static String notJsonHint(String text) {
        String t = text.strip();
        if (t.startsWith("{")) {
            return "";
        }
        return "; a FlowState config is JSON, one object in { } (docs/config.md); YAML and other formats are not read";
    }

    /**
     * Reads a UTF-8 config file and parses it as {@link #parse} does, resolving relative file
     * paths in it against the file's directory. Bytes that are not UTF-8 are a
     * {@link ConfigException} naming where they start.
     *
     * @throws IOException when the file cannot be read
     */
    public static ProxyConfig load(Path file, Set<String> engines, Set<String> balancers)
            throws ConfigException, IOException {
        Path dir = file.toAbsolutePath().getParent();
        return parse(decode(Files.readAllBytes(file)), engines, balancers, dir == null ? Path.of("") : dir);
    }

    /**
     * Parses UTF-8 bytes (a config read from standard input, say) as {@link #load} does a
     * file's, resolving relative file paths in it against {@code baseDir}.
     */
    public static ProxyConfig parse(byte[] utf8, Set<String> engines, Set<String> balancers, Path baseDir)
            throws ConfigException {
        return parse(decode(utf8), engines, balancers, baseDir);
    }

    /** The UTF-8 text of {@code bytes}; malformed input is a one-error ConfigException. */
    static String decode(byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            String before = out.toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                char c = before.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == before.length() || before.charAt(i + 1) != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = before.length() - lineStart + 1 - (line == 1 && before.startsWith("\uFEFF") ? 1 : 0);
            throw new ConfigException(List.of(new ConfigError("", line, column,
                    "invalid UTF-8 (byte offset " + in.position() + ")")));
        }
        return out.toString();
    }
}
