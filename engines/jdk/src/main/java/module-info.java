/** The JDK engine: com.sun.net.httpserver ingress, java.net.http upstream. JDK only. */
module io.flowstate.engine.jdk {
    requires io.flowstate.core;
    requires jdk.httpserver;
    requires java.net.http;
    provides io.flowstate.core.spi.Engine with io.flowstate.engine.jdk.JdkEngine;
}
