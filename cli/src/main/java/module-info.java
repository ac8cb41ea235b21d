/** The {@code flowstate} command: run, validate, version. */
module io.flowstate.cli {
    requires io.flowstate.core;
    requires jdk.httpserver;
    requires jdk.unsupported;
}
