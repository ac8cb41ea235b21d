package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file a config names (an auth filter's {@code tokensFile}, an access log's {@code path},
 * the admin {@code tokenFile}): the name as written, and the file it resolves to against
 * the config file's directory. Problems name the key's JSON path and place, the name as
 * written and, when it was relative, where it was looked for.
 *
 * @param written the name as the config wrote it
 * @param file    absolute and normalized
 */
record ConfigFile(String written, Path file) {

    /**
     * The file named by {@code key} of {@code f}, or null when the key is absent or its value
     * is not a usable name (a problem recorded).
     *
     * @param emptyHint what to tell when the name is empty ({@code "must not be empty"}, ...)
     */
    static ConfigFile of(Fields f, String key, Path baseDir, Problems problems, String emptyHint) {
        String name = f.string(key);
        if (name == null) {
            return null;
        }
        if (name.isEmpty()) {
            problems.at(f.get(key), f.path(key), emptyHint);
            return null;
        }
        try {
            return new ConfigFile(name, baseDir.resolve(Path.of(name)).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            problems.at(f.get(key), f.path(key), "invalid path " + Json.quote(name) + ": " + e.getReason());
            return null;
        }
    }

    /** {@code "keys.txt" (/etc/flowstate/keys.txt)}: the name as written, and where it was looked for. */
    String shown() {
        return Json.quote(written) + (Path.of(written).isAbsolute() ? "" : " (" + file + ")");
    }

    /**
     * The file's lines (UTF-8), or null with a problem at {@code key} of {@code f} saying why
     * it cannot be read.
     */
    List<String> readLines(Fields f, String key, Problems problems) {
        try {
            if (Files.isDirectory(file)) {
                problems.at(f.get(key), f.path(key), "cannot read " + shown() + ": it is a directory");
                return null;
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.at(f.get(key), f.path(key), "cannot read " + shown() + ": " + why(e));
            return null;
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
