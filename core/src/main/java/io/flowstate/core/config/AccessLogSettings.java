package io.flowstate.core.config;

import java.nio.file.Path;

/**
 * The options of an {@code accessLog} filter. JSON: {@code {"type": "accessLog"}} (standard
 * output) or {@code {"type": "accessLog", "path": "logs/access.log", "queueSize": 8192}}.
 *
 * @param path      the file lines are appended to, absolute and normalized (a relative
 *                  {@code "path"} is resolved against the config file's directory); null for
 *                  standard output, the default
 * @param queueSize how many lines may wait for the writer, 1 to {@link #MAX_QUEUE_SIZE};
 *                  default {@value #DEFAULT_QUEUE_SIZE}. Entries that write to the same place
 *                  share one queue, so the loader makes them agree on it.
 */
public record AccessLogSettings(Path path, int queueSize) implements FilterSettings {

    /** Lines. */
    public static final int DEFAULT_QUEUE_SIZE = 8192;
    /** Lines. */
    public static final int MAX_QUEUE_SIZE = 1_000_000;

    public AccessLogSettings {
        if (path != null && !path.isAbsolute()) {
            throw new IllegalArgumentException("path must be absolute (resolved by the loader): " + path);
        }
        if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("queueSize must be between 1 and " + MAX_QUEUE_SIZE + ", got "
                    + queueSize);
        }
    }

    /** Whether lines go to standard output. */
    public boolean stdout() {
        return path == null;
    }
}
