package io.flowstate.core.filter;

import io.flowstate.core.config.AccessLogSettings;
import io.flowstate.core.config.AuthSettings;
import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.config.FilterSettings;
import io.flowstate.core.config.MaxConcurrentSettings;
import io.flowstate.core.config.RateLimitSettings;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.time.Ticker;

/**
 * Builds a filter from its config entry, once per config snapshot. The config loader has
 * already checked the type and its options and typed them ({@link FilterConfig#settings()});
 * the filter is built from those settings alone. A type known to the loader but not here is
 * a bug and fails loudly.
 */
public final class FilterFactory {
    private FilterFactory() {
    }

    /**
     * @param ticker     the time source of filters that decide or measure by time ({@code rateLimit},
     *                   {@code accessLog})
     * @param accessLogs the snapshot's access-log sinks; an {@code accessLog} entry gets the sink of its
     *                   target from it (opening it on first use)
     * @throws java.io.UncheckedIOException when an access log file cannot be opened
     */
    public static Filter create(FilterConfig config, Ticker ticker, AccessLogs accessLogs) {
        return switch (config.settings()) {
            case RateLimitSettings s -> new RateLimitFilter(s, ticker);
            case MaxConcurrentSettings s -> new MaxConcurrentFilter(s);
            case AuthSettings s -> new AuthFilter(s);
            case AccessLogSettings s -> {
                if (accessLogs == null) {
                    throw new IllegalArgumentException("an accessLog filter needs AccessLogs: "
                            + "use create(config, ticker, accessLogs)");
                }
                yield new AccessLogFilter(accessLogs.sink(s), accessLogs.clock(), ticker);
            }
            case FilterSettings.Disabled disabled -> throw new IllegalArgumentException("a disabled "
                    + config.type() + " entry builds no filter; FilterPrecedence leaves it out of the chain");
            case FilterSettings.None none -> switch (config.type()) {
                case "requestId" -> new RequestIdFilter();
                case "recovery" -> new RecoveryFilter();
                default -> throw new IllegalStateException("filter type \"" + config.type()
                        + "\" passed validation but has no implementation");
            };
        };
    }

    /**
     * {@link #create(FilterConfig, Ticker, AccessLogs)} without access logs, for chains that
     * have no {@code accessLog} entry (benchmarks, tests).
     *
     * @throws IllegalArgumentException for an {@code accessLog} entry
     */
    public static Filter create(FilterConfig config, Ticker ticker) {
        return create(config, ticker, null);
    }

    /** {@link #create(FilterConfig, Ticker)} on {@link Ticker#system()}. */
    public static Filter create(FilterConfig config) {
        return create(config, Ticker.system());
    }
}
