/** Load-balancing strategies, each one class; JDK only. */
module io.flowstate.balancers {
    requires io.flowstate.core;
    provides io.flowstate.core.pool.BalancerFactory with
            io.flowstate.balancers.WrrFactory,
            io.flowstate.balancers.P2cFactory,
            io.flowstate.balancers.LeastLoadedFactory,
            io.flowstate.balancers.P2cEwmaFactory;
}
