package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads the options of an {@code accessLog} filter into {@link AccessLogSettings}. A file is
 * checked, not opened: the loader changes nothing on disk (the file is created when the proxy
 * starts), so that {@code validate} has no side effect.
 */
final class AccessLogReader {
    private AccessLogReader() {
    }

    /** The settings, or null with problems recorded. */
    static FilterSettings read(Fields f, Problems problems, Path baseDir) {
        int before = problems.count();
        Path path = f.has("path") ? path(f, problems, baseDir) : null;
        Long queueSize = f.integer("queueSize", 1, AccessLogSettings.MAX_QUEUE_SIZE,
                "between 1 and " + AccessLogSettings.MAX_QUEUE_SIZE);
        if (problems.count() != before) {
            return null;
        }
        return new AccessLogSettings(path,
                queueSize == null ? AccessLogSettings.DEFAULT_QUEUE_SIZE : queueSize.intValue());
    }

    /**
     * The file, absolute and normalized, when it could be appended to now: it is not a
     * directory, its directory exists, and it (or, when it does not exist yet, its directory)
     * is writable.
     */
    private static Path path(Fields f, Problems problems, Path baseDir) {
        String name = f.string("path");
        if (name == null) {
            return null;
        }
        JsonValue at = f.get("path");
        String where = f.path("path");
        if (name.isEmpty()) {
            problems.at(at, where, "must not be empty; leave \"path\" out to log to standard output");
            return null;
        }
        Path written;
        try {
            written = Path.of(name);
        } catch (InvalidPathException e) {
            problems.at(at, where, "invalid path " + Json.quote(name) + ": " + e.getReason());
            return null;
        }
        Path file = baseDir.resolve(written).toAbsolutePath().normalize();
        // Name the file as written and, when relative, where it was looked for (as auth's tokensFile).
        String shown = Json.quote(name) + (written.isAbsolute() ? "" : " (" + file + ")");
        Path dir = file.getParent();
        String problem = null;
        if (Files.isDirectory(file)) {
            problem = "it is a directory";
        } else if (dir == null || !Files.isDirectory(dir)) {
            problem = "no such directory " + dir;
        } else if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
            problem = "permission denied";
        }
        if (problem != null) {
            problems.at(at, where, "cannot write " + shown + ": " + problem);
            return null;
        }
        return file;
    }
}
