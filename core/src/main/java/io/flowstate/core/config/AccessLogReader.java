package io.flowstate.core.config;

import io.flowstate.core.json.JsonValue;
import java.nio.file.Files;
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
        ConfigFile named = ConfigFile.of(f, "path", baseDir, problems,
                "must not be empty; leave \"path\" out to log to standard output");
        if (named == null) {
            return null;
        }
        Path file = named.file();
        JsonValue at = f.get("path");
        String where = f.path("path");
        String shown = named.shown();
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
