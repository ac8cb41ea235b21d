package io.flowstate.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The filter types a config may name, the option keys each accepts besides {@code "type"}, and
 * the reader that checks their values. This is the one table to extend when a filter is added:
 * one line per type.
 */
final class FilterTypes {

    /**
     * Checks one filter's options and types them. Called once per filter entry while a config is
     * read, after every key of {@code options} has been found among the type's option keys.
     */
    @FunctionalInterface
    interface SettingsReader {
        /**
         * The settings, or null when a value is wrong, with at least one problem recorded.
         *
         * @param baseDir what relative file paths in options are resolved against
         */
        FilterSettings read(Fields options, Problems problems, Path baseDir);
    }

    /**
     * One filter type.
     *
     * @param options the option keys it accepts besides {@code "type"}, in the order the docs list them
     * @param reader  checks their values
     */
    record FilterType(List<String> options, SettingsReader reader) {
    }

    /** Filter type to its option keys and reader, sorted by type. */
    static final Map<String, FilterType> KNOWN = new TreeMap<>(Map.of(
            "requestId", new FilterType(List.of(), FilterTypes::none),
            "recovery", new FilterType(List.of(), FilterTypes::none),
            "rateLimit", new FilterType(List.of("rate", "burst", "key", "maxKeys"), RateLimitReader::read),
            "maxConcurrent", new FilterType(List.of("max"), MaxConcurrentReader::read),
            "auth", new FilterType(List.of("scheme", "header", "tokens", "tokensFile", "strip"), AuthReader::read),
            "accessLog", new FilterType(List.of("path", "queueSize"), AccessLogReader::read)
    ));

    private FilterTypes() {
    }

    private static FilterSettings none(Fields options, Problems problems, Path baseDir) {
        return FilterSettings.NONE;
    }
}
