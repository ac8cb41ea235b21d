/**
 * The research harness: test backends ({@code backend}), the load generator
 * ({@code load}), the scenario runner ({@code scenario}) and its reports ({@code report}).
 */
module io.flowstate.harness {
    requires io.flowstate.core;
    requires HdrHistogram;
    requires java.management;
    requires jdk.management;
    requires java.net.http;

    exports io.flowstate.harness.backend;
    exports io.flowstate.harness.buckets;
    exports io.flowstate.harness.load;
    exports io.flowstate.harness.scenario;
    exports io.flowstate.harness.report;
}
