/**
 * The proxy itself, JDK only: config, routing, filters, pools, the proxy path, metrics and
 * the engine SPI that the I/O engines implement.
 */
module io.flowstate.core {
    requires jdk.httpserver;

    exports io.flowstate.core.admin;
    exports io.flowstate.core.config;
    exports io.flowstate.core.filter;
    exports io.flowstate.core.health;
    exports io.flowstate.core.http;
    exports io.flowstate.core.http1;
    exports io.flowstate.core.json;
    exports io.flowstate.core.log;
    exports io.flowstate.core.metrics;
    exports io.flowstate.core.pool;
    exports io.flowstate.core.probe;
    exports io.flowstate.core.proxy;
    exports io.flowstate.core.resilience;
    exports io.flowstate.core.route;
    exports io.flowstate.core.server;
    exports io.flowstate.core.spi;
    exports io.flowstate.core.time;

    uses io.flowstate.core.spi.Engine;
    uses io.flowstate.core.pool.BalancerFactory;
}
