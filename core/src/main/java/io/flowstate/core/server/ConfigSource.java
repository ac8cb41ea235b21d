package io.flowstate.core.server;

import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ProxyConfig;
import java.io.IOException;

/**
 * Where a reload reads the config from: the file the server was started with, in the
 * command. Called on the thread that asked for the reload (the admin API's, or the
 * signal handler's), never on a request's.
 */
@FunctionalInterface
public interface ConfigSource {

    /** The config as it is now; a config that does not validate throws, listing every problem. */
    ProxyConfig load() throws ConfigException, IOException;
}
