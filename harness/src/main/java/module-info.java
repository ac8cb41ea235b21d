/**
 * The research harness: test backends, load generator, scenario runner and reports.
 * Empty for now; it builds so that the module layout is in place.
 */
module io.flowstate.harness {
    requires io.flowstate.core;
}
