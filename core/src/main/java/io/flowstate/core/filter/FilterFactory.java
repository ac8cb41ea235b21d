package io.flowstate.core.filter;

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
     * @param ticker the time source of filters that decide by time ({@code rateLimit})
     */
    public static Filter create(FilterConfig config, Ticker ticker) {
        return switch (config.settings()) {
            case RateLimitSettings s -> new RateLimitFilter(s, ticker);
            case MaxConcurrentSettings s -> new MaxConcurrentFilter(s);
            case AuthSettings s -> new AuthFilter(s);
            case FilterSettings.None none -> switch (config.type()) {
                case "requestId" -> new RequestIdFilter();
                case "recovery" -> new RecoveryFilter();
                default -> throw new IllegalStateException("filter type \"" + config.type()
                        + "\" passed validation but has no implementation");
            };
        };
    }

    /** {@link #create(FilterConfig, Ticker)} on {@link Ticker#system()}. */
    public static Filter create(FilterConfig config) {
        return create(config, Ticker.system());
    }
}
